CREATE TYPE "public"."poll_counts_unknown" AS ENUM('not_recorded');--> statement-breakpoint
CREATE TABLE "content_authors" (
	"content_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "content_authors_content_id_person_id_pk" PRIMARY KEY("content_id","person_id")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "polls" ADD COLUMN "counts_unknown_reason" "poll_counts_unknown";--> statement-breakpoint
ALTER TABLE "content_authors" ADD CONSTRAINT "content_authors_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_authors" ADD CONSTRAINT "content_authors_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_authors_person_idx" ON "content_authors" USING btree ("person_id","content_id");