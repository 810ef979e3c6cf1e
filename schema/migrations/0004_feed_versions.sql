CREATE TABLE "feed_versions" (
	"key" text PRIMARY KEY NOT NULL,
	"content_hash" text NOT NULL,
	"last_modified" timestamp with time zone NOT NULL
);
