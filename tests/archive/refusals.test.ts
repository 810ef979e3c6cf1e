import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportArchive } from "../../src/archive/export.js";
import { importArchive } from "../../src/archive/import.js";
import { rowsOf } from "../../src/db/client.js";
import { ArchiveError } from "../../src/errors.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { databaseDigest } from "../helpers/digest.js";

type Doc = Record<string, unknown> & { tables: Record<string, Record<string, unknown>[]> };

/** Rebuild a document with the top-level fields and tables in a given order (JSON.stringify keeps it). */
function reorder<T extends object>(object: T, keys: string[]): T {
  return Object.fromEntries(keys.map((k) => [k, (object as Record<string, unknown>)[k]])) as T;
}

describe.each(backends())("archive import refusals on %s", (backend) => {
  let seeded: TestDatabase;
  let empty: TestDatabase;
  let text: string;
  let emptyDigest: Record<string, string>;
  const doc = () => JSON.parse(text) as Doc;

  beforeAll(async () => {
    [seeded, empty] = await Promise.all([
      createTestDatabase(backend, { seed: true }),
      createTestDatabase(backend),
    ]);
    const parts: string[] = [];
    await exportArchive(seeded.database, (chunk) => void parts.push(chunk));
    text = parts.join("");
    emptyDigest = await databaseDigest(empty.database.db);
  });
  afterAll(async () => {
    await Promise.all([seeded?.drop(), empty?.drop()]);
  });

  const refusal = async (tdb: TestDatabase, archive: string): Promise<string> => {
    const error = await importArchive(tdb.database.db, [archive]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, "the import should have been refused").toBeInstanceOf(ArchiveError);
    return (error as Error).message;
  };

  it("refuses a database that holds any archived row, and changes nothing", async () => {
    const before = await databaseDigest(seeded.database.db);
    expect(await refusal(seeded, text)).toBe(
      "the target database is not empty (rows in people, tags, content, content_tags, weekly_stats, browser_shares, mailing_list_activity, stats_superstars, issues, issue_sections, section_items, section_item_people, announcements, highlights, highlight_links, quotes, events, polls, poll_options, poll_credits): archive:import restores only into an empty, migrated database",
    );
    expect(await databaseDigest(seeded.database.db)).toEqual(before);

    // One tag is enough to refuse.
    await empty.database.db.execute(sql`insert into tags (slug, name) values ('stray', 'Stray')`);
    try {
      expect(await refusal(empty, text)).toMatch(
        /^the target database is not empty \(rows in tags\)/,
      );
      expect(
        rowsOf<{ n: number }>(
          await empty.database.db.execute(sql`select count(*)::int as n from people`),
        )[0]?.n,
      ).toBe(0);
    } finally {
      await empty.database.db.execute(sql`delete from tags`);
    }
  });

  const corrupt: [string, () => string, RegExp][] = [
    [
      "a truncated file",
      () => text.slice(0, Math.floor(text.length * 0.8)),
      /^unexpected end of the archive.*\(truncated file\?\) \(at character \d+\)$/,
    ],
    ["an empty file", () => "", /^unexpected end of the archive/],
    [
      "a file that is not JSON",
      () => "<?xml version='1.0'?>",
      /expected the archive to be a JSON object/,
    ],
    [
      "another format",
      () => text.replace('"format": "newsletter-content-api/archive"', '"format": "wordpress-wxr"'),
      /^not a newsletter-content-api archive: format is "wordpress-wxr", expected "newsletter-content-api\/archive"$/,
    ],
    [
      "a newer version",
      () => text.replace('"version": 2,', '"version": 3,'),
      /^archive format version 3 is newer than this program reads \(up to 2\): import it with a newer newsletter-content-api$/,
    ],
    [
      "a version that is no number",
      () => text.replace('"version": 2,', '"version": "1.0",'),
      /^archive "version" must be a whole number from 1, got "1.0"$/,
    ],
    [
      "the version after the tables (keys sorted by a JSON tool)",
      () => {
        const d = doc();
        return JSON.stringify(reorder(d, Object.keys(d).sort()), null, 1);
      },
      /^archive has no "version" field before "tables"$/,
    ],
    [
      "an unknown column in the last table",
      () => {
        const d = doc();
        const row = d.tables.poll_credits?.[0];
        if (row) row.nickname = "Brian";
        return JSON.stringify(d);
      },
      /^table "poll_credits", row 1: unknown column "nickname" \(not in format version 2\)$/,
    ],
    [
      "a missing column",
      () => {
        const d = doc();
        delete d.tables.highlights?.[16]?.detail;
        return JSON.stringify(d);
      },
      /^table "highlights", row 17: missing column "detail"$/,
    ],
    [
      "a value of the wrong type",
      () => text.replace('"visitors":31804', '"visitors":"31,804"'),
      /^table "weekly_stats", row 1: column "visitors" must be a 32-bit integer, got "31,804"$/,
    ],
    [
      "an unknown enum label",
      () => text.replace('"status":"published"', '"status":"live"'),
      /^table "content", row 1: column "status" must be one of "draft", "scheduled", "published" \(content_status\), got "live"$/,
    ],
    [
      "an unknown table",
      () => {
        const d = doc();
        d.tables = { gadgets: [], ...d.tables };
        return JSON.stringify(d);
      },
      /^unknown table "gadgets" \(not in format version 2\)$/,
    ],
    [
      "an excluded table",
      () => {
        const d = doc();
        d.tables = { ...d.tables, api_tokens: [] };
        return JSON.stringify(d);
      },
      /^unknown table "api_tokens"/,
    ],
    [
      "a missing table",
      () => {
        const d = doc();
        delete d.tables.quotes;
        return JSON.stringify(d);
      },
      /^expected table "quotes" next, found "events": version 2 holds every table once, in the order people, tags, content, /,
    ],
    [
      "the last table missing",
      () => {
        const d = doc();
        delete d.tables.poll_credits;
        return JSON.stringify(d);
      },
      /^the archive ends without table "poll_credits"$/,
    ],
    [
      "tables out of order",
      () => {
        const d = doc();
        const names = Object.keys(d.tables);
        d.tables = reorder(d.tables, [names[1], names[0], ...names.slice(2)] as string[]);
        return JSON.stringify(d);
      },
      /^expected table "people" next, found "tags"/,
    ],
    [
      "a row the database refuses (a reference to nobody, in the last table)",
      () => {
        const d = doc();
        const row = d.tables.poll_credits?.[0];
        if (row) row.person_id = 999;
        return JSON.stringify(d);
      },
      /^table "poll_credits", rows 1-1: the database refused them: insert or update on table "poll_credits" violates foreign key constraint "poll_credits_person_id_people_id_fk" \(Key \(person_id\)=\(999\) is not present in table "people"\.\)$/,
    ],
    [
      "a vote count below the vote rows it counts",
      () => {
        const d = doc();
        const option = d.tables.poll_options?.[0] as Record<string, unknown>;
        const at = "2010-04-20T12:00:00.000Z";
        d.tables.poll_votes = [1, 2, 3].map((id) => ({
          id,
          poll_id: option.poll_id,
          option_id: option.id,
          voter_hash: `hash-${id}`,
          cast_at: at,
        }));
        option.vote_count = 2;
        return JSON.stringify(d);
      },
      /^table "poll_options": option \d+ says 2 votes but table "poll_votes" holds 3 for it \(it must be its 0 votes without rows \(legacy_votes\) plus its vote rows\)$/,
    ],
    [
      "a vote count above its vote rows and its votes without rows",
      () => {
        const d = doc();
        const option = d.tables.poll_options?.[0] as Record<string, unknown>;
        d.tables.poll_votes = [1, 2, 3].map((id) => ({
          id,
          poll_id: option.poll_id,
          option_id: option.id,
          voter_hash: `hash-${id}`,
          cast_at: "2010-04-20T12:00:00.000Z",
        }));
        option.vote_count = 433;
        option.legacy_votes = 400;
        return JSON.stringify(d);
      },
      /^table "poll_options": option \d+ says 433 votes but table "poll_votes" holds 3 for it \(it must be its 400 votes without rows \(legacy_votes\) plus its vote rows\)$/,
    ],
    [
      "a title with a control character",
      () =>
        text.replace(
          '"title":"Weekly Newsletter Vol 10 No 15"',
          '"title":"Weekly Newsletter\\u001b[31m Vol 10 No 15"',
        ),
      /^table "content", row \d+: column "title" holds control characters, which the API refuses$/,
    ],
    [
      "a title of two lines",
      () =>
        text.replace(
          '"title":"Weekly Newsletter Vol 10 No 15"',
          '"title":"Weekly Newsletter\\nVol 10 No 15"',
        ),
      /^table "content", row \d+: column "title" must be one line, like the API's$/,
    ],
  ];

  it.each(corrupt)(
    "refuses %s with a clear message and leaves the target empty",
    async (_, make, message) => {
      expect(await refusal(empty, make())).toMatch(message);
      expect(await databaseDigest(empty.database.db)).toEqual(emptyDigest);
    },
  );

  it("accepts a self-reference to a later row (set once the table is in)", async () => {
    const d = doc();
    const [first, ...rest] = d.tables.content ?? [];
    const last = rest.at(-1);
    if (!first || !last) throw new Error("seed content missing");
    first.revision_of = last.id;
    const target = await createTestDatabase(backend);
    try {
      await importArchive(target.database.db, [JSON.stringify(d)]);
      const rows = rowsOf<{ id: number; revision_of: number | null }>(
        await target.database.db.execute(
          sql`select id, revision_of from content where revision_of is not null`,
        ),
      );
      expect(rows).toEqual([{ id: first.id, revision_of: last.id }]);
    } finally {
      await target.drop();
    }
  });
});
