import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportArchive } from "../../src/archive/export.js";
import { importArchive } from "../../src/archive/import.js";
import { pollOptions } from "../../src/content/poll/table.js";
import { ArchiveError } from "../../src/errors.js";
import { testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

type Doc = { version: number; tables: Record<string, Record<string, unknown>[]> };

/** The seed's archive as version 1 wrote it: no bylines, no event names, no unknown counts. */
function asVersion1(text: string): Doc {
  const doc = JSON.parse(text) as Doc;
  const { content_authors: _bylines, ...tables } = doc.tables;
  const drop = (rows: Record<string, unknown>[] | undefined, column: string) =>
    (rows ?? []).map(({ [column]: _gone, ...row }) => row);
  return {
    ...doc,
    version: 1,
    tables: {
      ...tables,
      events: drop(tables.events, "name"),
      polls: drop(tables.polls, "counts_unknown_reason"),
      poll_options: drop(tables.poll_options, "legacy_votes"),
    },
  };
}

describe.each(backends())("archives of older format versions on %s", (backend) => {
  let seeded: TestDatabase;
  let targets: TestDatabase[];
  let text: string;

  beforeAll(async () => {
    [seeded, ...targets] = await Promise.all([
      createTestDatabase(backend, { seed: true }),
      createTestDatabase(backend),
      createTestDatabase(backend),
    ]);
    const parts: string[] = [];
    await exportArchive(seeded.database, (chunk) => void parts.push(chunk), { exportedAt: null });
    text = parts.join("");
  });
  afterAll(async () => {
    await Promise.all([seeded, ...targets].map((t) => t?.drop()));
  });

  it("imports a version-1 archive: what version 2 added reads as unknown (no bylines, the title as the event's name)", async () => {
    const target = targets[0] as TestDatabase;
    const v1 = asVersion1(text);
    // A version-1 count with no vote rows behind it (as archived polls had).
    const option = v1.tables.poll_options?.[0] as Record<string, unknown>;
    option.vote_count = 433;
    const report = await importArchive(target.database.db, [JSON.stringify(v1)]);
    const [counted] = await target.database.db
      .select({ count: pollOptions.voteCount, legacy: pollOptions.legacyVotes })
      .from(pollOptions)
      .where(eq(pollOptions.id, option.id as number));
    // The part no row stands for is said now, so later checks can be exact.
    expect(counted).toEqual({ count: 433, legacy: 433 });
    expect(report.header.version).toBe(1);
    expect(report.rows.content_authors).toBeUndefined();
    expect(report.rows.events).toBe(1);
    const r = await testApp(target).gql<Record<string, unknown>>(`{
      event(slug: "xen-summit-north-america-at-amd-agenda-announced") { name authors { slug } }
      poll(slug: "mascot-contest-vote-for-your-favorite") { countsRecorded totalVotes }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      event: { name: "Xen Summit North America at AMD – Agenda Announced", authors: [] },
      // Version 1 could not say the counts were lost: its numbers read as counts again.
      poll: { countsRecorded: true, totalVotes: 433 },
    });
  });

  it("refuses in a version-1 archive what only version 2 holds, naming the version", async () => {
    const v1 = asVersion1(text);
    const withColumn = {
      ...v1,
      tables: {
        ...v1.tables,
        events: (v1.tables.events ?? []).map((e) => ({ ...e, name: "Summit" })),
      },
    };
    const target = targets[1] as TestDatabase;
    const error = await importArchive(target.database.db, [JSON.stringify(withColumn)]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as Error).message).toBe(
      'table "events", row 1: unknown column "name" (not in format version 1)',
    );
  });
});
