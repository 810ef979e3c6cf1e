CREATE TABLE "content_removals" (
	"content_id" integer PRIMARY KEY NOT NULL,
	"type" "content_type" NOT NULL,
	"slug" text NOT NULL,
	"removed_at" timestamp with time zone NOT NULL,
	"changed_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_versions" (
	"content_id" integer PRIMARY KEY NOT NULL,
	"changed_xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "content_versions" ADD CONSTRAINT "content_versions_content_id_content_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."content"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "content_removals_xid_idx" ON "content_removals" USING btree ("changed_xid","content_id");--> statement-breakpoint
CREATE INDEX "content_versions_xid_idx" ON "content_versions" USING btree ("changed_xid","content_id");