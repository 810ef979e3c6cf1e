ALTER TABLE "issues" DROP CONSTRAINT "issues_volume_number_key";--> statement-breakpoint
ALTER TABLE "weekly_stats" DROP CONSTRAINT "weekly_stats_week_start_key";--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "revision" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "weekly_stats" ADD COLUMN "revision" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "issues_volume_number_key" ON "issues" USING btree ("volume","number") WHERE not "issues"."revision";--> statement-breakpoint
CREATE UNIQUE INDEX "weekly_stats_week_start_key" ON "weekly_stats" USING btree ("week_start") WHERE not "weekly_stats"."revision";