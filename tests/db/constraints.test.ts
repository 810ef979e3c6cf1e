import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { events } from "../../src/content/event/table.js";
import { issues } from "../../src/content/issue/table.js";
import { pollOptions, pollVotes } from "../../src/content/poll/table.js";
import { pgErrorOf } from "../../src/db/errors.js";
import { content } from "../../src/read/table.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

/** The Postgres error (SQLSTATE and constraint) behind a failed statement, whichever driver threw it. */
async function pgError(promise: Promise<unknown>): Promise<{ code?: string; constraint?: string }> {
  try {
    await promise;
  } catch (error) {
    const pg = pgErrorOf(error);
    if (!pg) throw error;
    return { code: pg.code, constraint: pg.constraint };
  }
  throw new Error("expected the statement to fail");
}

describe.each(backends())("database constraints on %s", (backend) => {
  let tdb: TestDatabase;
  let pollId: number;
  let optionId: number;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    const [poll] = await tdb.database.db
      .select({ id: content.id })
      .from(content)
      .where(eq(content.type, "poll"));
    pollId = poll?.id as number;
    const [option] = await tdb.database.db
      .select()
      .from(pollOptions)
      .where(eq(pollOptions.pollId, pollId))
      .limit(1);
    optionId = option?.id as number;
  });
  afterAll(() => tdb.drop());

  it("reject a second vote by the same voter in a poll", async () => {
    const db = tdb.database.db;
    await db.insert(pollVotes).values({ pollId, optionId, voterHash: "voter-1" });
    expect(
      await pgError(db.insert(pollVotes).values({ pollId, optionId, voterHash: "voter-1" })),
    ).toEqual({
      code: "23505",
      constraint: "poll_votes_poll_voter_key",
    });
  });

  it("reject a vote for an option of another poll", async () => {
    const db = tdb.database.db;
    const [other] = await db
      .insert(content)
      .values({ type: "poll", slug: "other-poll", title: "Other" })
      .returning({ id: content.id });
    await db.execute(sql`insert into polls (content_id, question) values (${other?.id}, 'Other?')`);
    expect(
      await pgError(
        db.insert(pollVotes).values({ pollId: other?.id as number, optionId, voterHash: "v" }),
      ),
    ).toEqual({
      code: "23503",
      constraint: "poll_votes_option_in_poll_fk",
    });
  });

  it("reject an issue with a duplicate (volume, number)", async () => {
    const db = tdb.database.db;
    const [row] = await db
      .insert(content)
      .values({ type: "issue", slug: "duplicate-vol-10-no-15", title: "Duplicate" })
      .returning({ id: content.id });
    expect(
      await pgError(
        db.insert(issues).values({ contentId: row?.id as number, volume: 10, number: 15 }),
      ),
    ).toEqual({
      code: "23505",
      constraint: "issues_volume_number_key",
    });
  });

  it("reject published content without a publication time, bad slugs, events ending before they start and negative prices", async () => {
    const db = tdb.database.db;
    expect(
      await pgError(
        db.insert(content).values({ type: "issue", slug: "x", title: "X", status: "published" }),
      ),
    ).toEqual({
      code: "23514",
      constraint: "content_published_has_time",
    });
    expect(
      await pgError(db.insert(content).values({ type: "issue", slug: "Bad Slug", title: "X" })),
    ).toEqual({
      code: "23514",
      constraint: "content_slug_format",
    });
    const [ev] = await db
      .insert(content)
      .values({ type: "event", slug: "ev", title: "Ev" })
      .returning({ id: content.id });
    const start = new Date("2010-04-28T00:00:00Z");
    expect(
      await pgError(
        db.insert(events).values({
          contentId: ev?.id as number,
          startsAt: start,
          endsAt: new Date("2010-04-27T00:00:00Z"),
        }),
      ),
    ).toEqual({ code: "23514", constraint: "events_end_after_start" });
    expect(
      await pgError(
        db.insert(events).values({
          contentId: ev?.id as number,
          startsAt: start,
          endsAt: start,
          priceAmount: "-1.00",
          priceCurrency: "USD",
        }),
      ),
    ).toEqual({ code: "23514", constraint: "events_price_nonneg" });
  });
});
