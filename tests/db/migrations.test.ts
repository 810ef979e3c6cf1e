import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/client.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

describe.each(backends())("migrations on %s", (backend) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
  });
  afterAll(() => tdb.drop());

  it("apply cleanly to an empty database and report ready", async () => {
    await expect(tdb.database.checkReady()).resolves.toBeUndefined();
  });

  it("create every table of the content model", async () => {
    const tables = rowsOf<{ table_name: string }>(
      await tdb.database.db.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      ),
    ).map((r) => r.table_name);
    expect(tables).toEqual([
      "admin_sessions",
      "announcements",
      "api_tokens",
      "app_settings",
      "browser_shares",
      "content",
      "content_authors",
      "content_removals",
      "content_tags",
      "content_versions",
      "event_sessions",
      "event_speakers",
      "events",
      "feed_versions",
      "highlight_links",
      "highlights",
      "import_sources",
      "issue_sections",
      "issues",
      "mailing_list_activity",
      "people",
      "poll_credits",
      "poll_options",
      "poll_votes",
      "polls",
      "quotes",
      "section_item_people",
      "section_items",
      "session_speakers",
      "stats_superstars",
      "tags",
      "webhook_deliveries",
      "webhooks",
      "weekly_stats",
    ]);
  });

  it("are idempotent: a second run applies nothing and changes nothing", async () => {
    const count = async () =>
      rowsOf<{ n: number }>(
        await tdb.database.db.execute(
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        ),
      )[0]?.n;
    const before = await count();
    await tdb.database.migrate();
    expect(await count()).toBe(before);
  });

  it("index every foreign key column (leading column of some index)", async () => {
    const unindexed = rowsOf<{ tbl: string; col: string }>(
      await tdb.database.db.execute(sql`
        select c.conrelid::regclass::text as tbl, a.attname as col
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace
          and not exists (
            select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1]
          )
        order by 1, 2`),
    );
    expect(unindexed).toEqual([]);
  });
});
