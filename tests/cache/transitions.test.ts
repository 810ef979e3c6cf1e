/**
 * Cached answers end at the first moment they change by the clock alone (issue 13, item 21):
 * a poll closing changes `polls(filter: {status: OPEN})`, scheduled weekly stats coming due
 * change `weeklyStats`, though no write announces either.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { makePoll } from "../helpers/polls.js";

type App = ReturnType<typeof testApp>;

async function ask(app: App, query: string) {
  const res = await app.fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data: Record<string, { totalCount: number }> };
  return { cache: res.headers.get("x-cache"), data: body.data };
}

// The first page holds a poll that stays open; the count includes one that closes.
const OPEN_POLLS = "{ polls(first: 1, filter: { status: OPEN }) { totalCount } }";
const STATS = "{ weeklyStats { totalCount } }";

describe.each(backends())("cache transitions on %s", (backend) => {
  let tdb: TestDatabase;
  let app: App;
  let editor: Record<string, string>;
  const clock = new TestClock(new Date("2026-11-20T10:00:00Z"));

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  /** Ask until the cache answers (its view of the next transition loads in the background). */
  const warm = async (query: string, on: App = app) => {
    for (let i = 0; i < 50; i++) {
      const r = await ask(on, query);
      if (r.cache === "HIT") return r.data;
      await new Promise((done) => setTimeout(done, 20));
    }
    throw new Error(`never cached: ${query}`);
  };

  it("drops an open-polls count when a poll closes", async () => {
    await makePoll(tdb.database.db, {
      publishedAt: new Date("2026-11-01T00:00:00Z"),
      closesAt: new Date("2026-11-20T10:02:00Z"),
    });
    // Two newer ones: the page reads one more row than it shows.
    await makePoll(tdb.database.db, { publishedAt: new Date("2026-11-10T00:00:00Z") });
    await makePoll(tdb.database.db, { publishedAt: new Date("2026-11-11T00:00:00Z") });
    // Written below the API (no event): a server starting now finds them in the database.
    const started = testApp(tdb, { clock });
    const before = await warm(OPEN_POLLS, started);
    // Sooner than the cache's own 5-minute bound: only the transition can end the answer.
    clock.set("2026-11-20T10:02:01Z");
    const after = await ask(started, OPEN_POLLS);
    expect(after.cache).toBe("MISS");
    expect(after.data.polls?.totalCount).toBe((before.polls?.totalCount ?? 0) - 1);
  });

  it("drops the weekly stats count when scheduled stats come due", async () => {
    const created = await app.gql<{ createWeeklyStats: { weeklyStats: { id: string } } }>(
      `mutation { createWeeklyStats(input: { weekStart: "2026-11-09", weekEnd: "2026-11-15", visitors: 7 }) {
        ... on CreateWeeklyStatsSuccess { weeklyStats { id } } } }`,
      {},
      editor,
    );
    const id = created.data?.createWeeklyStats.weeklyStats.id;
    const scheduled = await app.gql(
      `mutation($id: ID!) { setWeeklyStatsPublication(id: $id, status: SCHEDULED, at: "2026-11-20T10:04:00Z") { __typename } }`,
      { id },
      editor,
    );
    expect(scheduled.errors).toBeUndefined();
    const before = await warm(STATS);
    clock.set("2026-11-20T10:04:01Z");
    const after = await ask(app, STATS);
    expect(after.cache).toBe("MISS");
    expect(after.data.weeklyStats?.totalCount).toBe((before.weeklyStats?.totalCount ?? 0) + 1);
  });
});
