/**
 * DATABASE_READ_URL end to end, on a real primary and streaming replica made for this file
 * (tests/helpers/replica-pair.ts): public queries and feeds read the replica; editors,
 * mutations and a replica that lags or is gone read the primary; /readyz says which.
 */
import { pino } from "pino";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReference } from "../../seeds/load.js";
import { type Database, openDatabase } from "../../src/db/client.js";
import { listen } from "../../src/server.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { SqlLog, type TestDatabase } from "../helpers/db.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";
import { pairMissing, type ReplicaPair, startReplicaPair } from "../helpers/replica-pair.js";
import { skipUnless } from "../helpers/skip.js";
import { subscribe } from "../helpers/sse.js";

const MAX_LAG_MS = 1_500;
const CHECK_MS = 100;
const SLUG = "xen-4-0-feature-list";
const ORIGINAL = "Xen 4.0 Feature List";
const TITLE = `{ announcement(slug: "${SLUG}") { title } }`;
const POLL_RESULTS = `subscription($id: ID!) { pollResults(pollId: $id) { totalVotes } }`;

// Made before the suite is collected, so a machine that cannot make one skips with the reason.
let pair: ReplicaPair | undefined;
let cannot = pairMissing();
if (!cannot) {
  try {
    pair = await startReplicaPair();
  } catch (error) {
    cannot = `cannot start a PostgreSQL primary and replica: ${(error as Error).message}`;
  }
}

/** The statements the app itself sent (not the lag checks). */
const appReads = (log: SqlLog) =>
  log.statements.filter((s) => !/pg_current_wal_lsn|pg_last_wal_replay_lsn/.test(s));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("read replica (DATABASE_READ_URL)", skipUnless(cannot), () => {
  const primaryLog = new SqlLog();
  const replicaLog = new SqlLog();
  const warnings: string[] = [];
  let primary: Database;
  let replica: Database;
  let replicaAdmin: postgres.Sql;
  let primaryAdmin: postgres.Sql;
  let t: ReturnType<typeof testApp>;
  let editor: { authorization: string };
  let poll: Awaited<ReturnType<typeof makePoll>>;

  const readyz = async () => {
    const response = await t.fetch("/readyz");
    return {
      status: response.status,
      body: (await response.json()) as { replica?: { state: string; lagMs: number | null } },
    };
  };
  const replicaState = async (state: string) =>
    until(`replica ${state}`, async () => {
      const { body } = await readyz();
      return body.replica?.state === state ? body : undefined;
    });
  /** An anonymous query's answer, and which database its statements went to. */
  const anonymousTitle = async () => {
    primaryLog.reset();
    replicaLog.reset();
    const result = await t.gql<{ announcement: { title: string } }>(TITLE);
    expect(result.errors).toBeUndefined();
    return {
      title: result.data?.announcement.title,
      primary: appReads(primaryLog).length,
      replica: appReads(replicaLog).length,
    };
  };
  const writeBehindTheApp = (title: string) =>
    primaryAdmin`update content set title = ${title} where slug = ${SLUG}`;
  const primaryCaughtUp = async () => {
    const [at] = await primaryAdmin<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
    const lsn = at?.lsn ?? "0/0";
    await until("the replica to replay the primary", async () => {
      const [row] = await replicaAdmin<{ done: boolean }[]>`
        select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as done`;
      return row?.done ? true : undefined;
    });
  };

  beforeAll(async () => {
    const { primaryUrl, replicaUrl } = pair as ReplicaPair;
    primaryAdmin = postgres(primaryUrl, { max: 1, onnotice: () => {} });
    replicaAdmin = postgres(replicaUrl, { max: 1, onnotice: () => {} });
    primary = await openDatabase({ url: primaryUrl, onQuery: primaryLog.record, poolSize: 3 });
    replica = await openDatabase({ url: replicaUrl, onQuery: replicaLog.record, poolSize: 3 });
    await primary.migrate();
    await seedReference(primary.db);
    editor = await bearer(primary.db, "editor");
    poll = await makePoll(primary.db);
    await primaryCaughtUp();
    const logger = pino(
      { level: "info" },
      { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
    );
    const tdb: TestDatabase = {
      backend: "postgres",
      database: primary,
      sql: primaryLog,
      drop: () => primary.close(),
    };
    t = testApp(tdb, {
      logger,
      responseCache: false,
      feedCache: false,
      replica: { database: replica, maxLagMs: MAX_LAG_MS, checkIntervalMs: CHECK_MS },
    });
    await replicaState("ok");
  }, 60_000);

  afterAll(async () => {
    await t?.app.close();
    await Promise.allSettled([
      primary?.close(),
      replica?.close(),
      primaryAdmin?.end(),
      replicaAdmin?.end(),
    ]);
    pair?.destroy();
  });

  it("answers anonymous queries and feeds from the replica, editors from the primary", async () => {
    // An idle primary is no lag, although the replica's last replayed commit grows old.
    await new Promise((r) => setTimeout(r, MAX_LAG_MS + 3 * CHECK_MS));
    expect((await readyz()).body.replica).toEqual({ state: "ok", lagMs: 0 });
    const read = await anonymousTitle();
    expect(read).toMatchObject({ title: ORIGINAL, primary: 0 });
    expect(read.replica).toBeGreaterThan(0);

    replicaLog.reset();
    primaryLog.reset();
    const feed = await t.fetch("/feeds/all.atom");
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain(ORIGINAL);
    expect(appReads(replicaLog).length).toBeGreaterThan(0);
    // Only the feed's version (Last-Modified) is written, and so on the primary.
    expect(appReads(primaryLog).every((s) => /feed_versions/.test(s))).toBe(true);

    // Replay paused, a write the app does not hear of: the replica still has the old title,
    // which anonymous readers get; an editor reads the primary.
    await replicaAdmin`select pg_wal_replay_pause()`;
    await writeBehindTheApp("Written behind the replica's back");
    expect((await anonymousTitle()).title).toBe(ORIGINAL);
    const asEditor = await t.gql<{ announcement: { title: string } }>(TITLE, undefined, editor);
    expect(asEditor.data?.announcement.title).toBe("Written behind the replica's back");
  });

  it("shows a mutation its own write, and readers see it at once although replay is paused", async () => {
    // An anonymous mutation (a vote needs no header) starts on the replica's reader: its
    // payload must still show the vote.
    const vote = await t.gql<{ castVote: { __typename: string; poll?: { totalVotes: number } } }>(
      CAST,
      { input: { pollId: poll.pollId, optionId: poll.optionIds[0], voterKey: voterKey(1) } },
    );
    expect(vote.data?.castVote).toMatchObject({
      __typename: "VoteAccepted",
      poll: { totalVotes: 1 },
    });

    const { data } = await t.gql<{ announcement: { id: string } }>(
      `{ announcement(slug: "${SLUG}") { id } }`,
    );
    const result = await t.gql<{ updateAnnouncement: { announcement?: { title: string } } }>(
      `mutation($id: ID!) { updateAnnouncement(id: $id, patch: { title: "Edited while paused" }) {
        ... on UpdateAnnouncementSuccess { announcement { title } } } }`,
      { id: data?.announcement.id },
      editor,
    );
    expect(result.data?.updateAnnouncement.announcement?.title).toBe("Edited while paused");
    // The write was announced: public reads stay on the primary until the replica replays it.
    const read = await anonymousTitle();
    expect(read).toMatchObject({ title: "Edited while paused", replica: 0 });
  });

  it("falls back to the primary while the replica lags past the bound, and back after", async () => {
    // Start in step (replayed, no write waiting), then pause and write behind the app's back:
    // nothing but the lag can keep readers off the replica.
    await replicaAdmin`select pg_wal_replay_resume()`;
    await primaryCaughtUp();
    await until("reads back on the replica", async () =>
      (await anonymousTitle()).replica > 0 ? true : undefined,
    );
    await replicaAdmin`select pg_wal_replay_pause()`;
    await writeBehindTheApp("Only the primary has this");
    expect((await anonymousTitle()).title).toBe("Edited while paused");

    const lagging = await replicaState("lagging");
    expect(lagging.replica?.lagMs).toBeGreaterThan(MAX_LAG_MS);
    expect((await readyz()).status).toBe(200);
    const read = await anonymousTitle();
    expect(read).toMatchObject({ title: "Only the primary has this", replica: 0 });
    expect(read.primary).toBeGreaterThan(0);
    expect(warnings.filter((w) => /^replica: .* behind/.test(w))).toHaveLength(1);

    await replicaAdmin`select pg_wal_replay_resume()`;
    // Within the bound a replica may be a little behind (that is the contract): compare once
    // it has replayed everything.
    await primaryCaughtUp();
    expect((await replicaState("ok")).replica?.lagMs).toBeLessThanOrEqual(MAX_LAG_MS);
    const back = await anonymousTitle();
    expect(back).toMatchObject({ title: "Only the primary has this", primary: 0 });
    expect(back.replica).toBeGreaterThan(0);
  });

  it("pushes subscription events read from the primary, not from a replica behind", async () => {
    const onReplica = async () => ((await anonymousTitle()).replica > 0 ? true : undefined);
    await until("reads on the replica", onReplica);
    const http = await listen(t.app, {
      port: 0,
      host: "127.0.0.1",
      logger: pino({ level: "silent" }),
    });
    try {
      // Subscribed while the replica is in step: the stream must still read the primary, since
      // each event is pushed right after the write it reports.
      const sub = await subscribe(`${http.url}/graphql`, POLL_RESULTS, { id: poll.pollId });
      expect(JSON.parse((await sub.next(5_000)).data).data.pollResults.totalVotes).toBe(1);
      await replicaAdmin`select pg_wal_replay_pause()`;
      const input = { pollId: poll.pollId, optionId: poll.optionIds[1], voterKey: voterKey(2) };
      expect((await t.gql(CAST, { input })).errors).toBeUndefined();
      expect(JSON.parse((await sub.next(5_000)).data).data.pollResults.totalVotes).toBe(2);
      sub.close();
    } finally {
      await replicaAdmin`select pg_wal_replay_resume()`;
      await http.close(1_000);
    }
    await primaryCaughtUp();
    await until("reads back on the replica", onReplica);
  });

  it("answers from the primary when the replica is gone, says so in /readyz, and returns", async () => {
    // Checks off, so the first read is sure to be sent to the replica while it is thought in
    // step: its failure must be retried on the primary, not answered 503.
    const routing = t.app.replica as NonNullable<typeof t.app.replica>;
    routing.stop();
    await replicaAdmin.end();
    (pair as ReplicaPair).stopReplica();
    const read = await anonymousTitle();
    expect(read.title).toBe("Only the primary has this");
    expect(read.replica).toBeGreaterThan(0);
    expect(read.primary).toBeGreaterThan(0);
    expect(routing.status()).toEqual({ state: "down", lagMs: null });
    expect(await readyz()).toEqual({
      status: 200,
      body: { status: "ready", replica: { state: "down", lagMs: null } },
    });
    expect((await anonymousTitle()).replica).toBe(0);
    const feed = await t.fetch("/feeds/announcements.atom");
    expect(feed.status).toBe(200);
    expect(warnings.filter((w) => /^replica: unreachable/.test(w))).toHaveLength(1);

    routing.start();
    await new Promise((r) => setTimeout(r, 3 * CHECK_MS));
    expect(routing.status().state).toBe("down");
    expect(warnings.filter((w) => /^replica: unreachable/.test(w))).toHaveLength(1);
    (pair as ReplicaPair).startReplica();
    await replicaState("ok");
    const back = await anonymousTitle();
    expect(back).toMatchObject({ title: "Only the primary has this", primary: 0 });
    expect(back.replica).toBeGreaterThan(0);
  }, 30_000);
});
