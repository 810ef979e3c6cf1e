DROP INDEX "content_sort_idx";--> statement-breakpoint
DROP INDEX "content_type_sort_idx";--> statement-breakpoint
DROP INDEX "weekly_stats_sort_idx";--> statement-breakpoint
CREATE INDEX "content_sort_idx" ON "content" USING btree ("sort_at","id");--> statement-breakpoint
CREATE INDEX "content_type_sort_idx" ON "content" USING btree ("type","sort_at","id");--> statement-breakpoint
CREATE INDEX "weekly_stats_sort_idx" ON "weekly_stats" USING btree ("week_start","id");