/**
 * Surrogate keys and exact purges (issue 16, item 2): every cacheable answer names what it read,
 * and every write purges exactly those keys at the configured HTTP cache, after commit, with
 * retries, a log line per purge, and never holding the write up.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppEvent } from "../../src/bus/events.js";
import { createPurger, type PurgeTarget, purgeRequest } from "../../src/cdn/purger.js";
import { REVALIDATE_CACHE_CONTROL } from "../../src/http/cache-headers.js";
import { decodeId } from "../../src/read/ids.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, type MutationPayload, payload } from "../helpers/editorial.js";
import { type Recorded, startRecorder } from "../helpers/http-recorder.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";
import { startSlowEndpoint } from "../helpers/slow-endpoint.js";

const ALL_LISTS = "list:announcement list:event list:issue list:poll";
const get = (query: string) => `/graphql?query=${encodeURIComponent(query)}`;
const JSON_ACCEPT = { headers: { accept: "application/json" } };
const idOf = (globalId: string) => decodeId(globalId).id;
const keysOf = (request: Recorded) =>
  (request.headers["xkey-purge"] as string).split(" ").sort().join(" ");

/** Log lines as objects, for "each purge is logged". */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { logger, lines };
}

describe.each(backends())("surrogate keys and purges on %s", (backend) => {
  let tdb: TestDatabase;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const log = memoryLogger();

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    recorder = await startRecorder();
    const target: PurgeTarget = { url: recorder.url, format: "varnish" };
    app = testApp(tdb, {
      logger: log.logger,
      edge: { format: "varnish", purge: { targets: [target], batchMs: 10, repeatAfterMs: 0 } },
    });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(async () => {
    await app.app.close();
    await recorder.close();
    await tdb.drop();
  });

  /** The purges `write` causes (the keys of each request), once the batch has had time to go. */
  async function purgedBy(write: () => Promise<unknown>): Promise<string[]> {
    const before = recorder.requests.length;
    await write();
    await new Promise((r) => setTimeout(r, 150));
    const sent = recorder.requests.slice(before);
    for (const purge of sent) expect(purge.method).toBe("PURGE");
    return sent.map(keysOf);
  }

  const edit = async (mutation: string, variables: Record<string, unknown>, field: string) =>
    payload(await app.gql<Record<string, MutationPayload>>(mutation, variables, editor), field);

  it("a public GET answer names the entries and lists it read, the same on a response-cache hit", async () => {
    const query = "{ announcements(first: 10) { edges { node { id title } } } }";
    const first = await app.fetch(get(query), JSON_ACCEPT);
    const body = (await first.json()) as {
      data: { announcements: { edges: { node: { id: string } }[] } };
    };
    const ids = body.data.announcements.edges.map((e) => idOf(e.node.id)).sort();
    const expected = [...ids.map((id) => `entity:${id}`), "list:announcement"].sort().join(" ");
    expect(first.headers.get("x-cache")).toBe("MISS");
    expect(first.headers.get("surrogate-key")).toBe(expected);
    expect(first.headers.get("xkey")).toBe(expected);
    const hit = await app.fetch(get(query), JSON_ACCEPT);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.headers.get("surrogate-key")).toBe(expected);
    // Tag names are shared data: a rename must reach the tags directory's answers.
    const tags = await app.fetch(get("{ tags { edges { node { slug name } } } }"), JSON_ACCEPT);
    expect(tags.headers.get("surrogate-key")).toBe(`${ALL_LISTS} shared`);
  });

  it("an answer no write announces (the changes feed) is only kept to revalidate, with no keys", async () => {
    const r = await app.fetch(get("{ changes(first: 2) { edges { cursor } } }"), JSON_ACCEPT);
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe(REVALIDATE_CACHE_CONTROL);
    expect(r.headers.get("surrogate-key")).toBeNull();
    expect(r.headers.get("etag")).not.toBeNull();
  });

  it("feeds and calendars name the lists they show and the shared data, on 200 and 304", async () => {
    const expected: Record<string, string> = {
      "/feeds/announcements.atom": "list:announcement shared",
      "/feeds/all.rss": `${ALL_LISTS} shared`,
      "/feeds/tags/mascot.json": `${ALL_LISTS} shared`,
      "/feeds/issues/2010-04.atom": "list:issue shared",
      "/feeds/events.ics": "list:event shared",
    };
    for (const [path, keys] of Object.entries(expected)) {
      const r = await app.fetch(path);
      expect([path, r.status, r.headers.get("surrogate-key")]).toEqual([path, 200, keys]);
      expect(r.headers.get("xkey")).toBe(keys);
      const again = await app.fetch(path, {
        headers: { "if-none-match": r.headers.get("etag") as string },
      });
      expect([path, again.status, again.headers.get("surrogate-key")]).toEqual([path, 304, keys]);
    }
  });

  it("each kind of write purges exactly the keys it touched, once", async () => {
    let id = "";
    const created = await purgedBy(async () => {
      const r = await edit(
        `mutation { createAnnouncement(input: { title: "Edge news", kind: NEWS }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } } }`,
        {},
        "createAnnouncement",
      );
      id = (r.announcement as { id: string }).id;
    });
    const byId = (m: string, extra = "") =>
      purgedBy(() => edit(`mutation($id: ID!) { ${m}(id: $id${extra}) { ${ERRORS} } }`, { id }, m));
    const update = (title: string) =>
      purgedBy(() =>
        edit(
          `mutation($id: ID!) { updateAnnouncement(id: $id, patch: { title: "${title}" }) { ${ERRORS} } }`,
          { id },
          "updateAnnouncement",
        ),
      );
    const draftEdit = await update("Edge news, drafted");
    const scheduled = await byId("scheduleContent", ', at: "2099-01-01T00:00:00Z"');
    const published = await byId("publishContent");
    const edited = await update("Edge news, edited");
    const unpublished = await byId("unpublishContent");
    const republished = await byId("publishContent");
    // Deleting a live entry (a draft's deletion changes nothing readers see: no purge).
    const deleted = await byId("deleteContent");
    const entry = `entity:${idOf(id)} list:announcement`;
    const writes = { created, draftEdit, scheduled, published, edited, unpublished, republished };
    expect({ ...writes, deleted }).toEqual({
      created: [],
      draftEdit: [],
      scheduled: [entry],
      published: [entry],
      edited: [entry],
      unpublished: [entry],
      republished: [entry],
      deleted: [entry],
    });

    const poll = await makePoll(tdb.database.db);
    const voted = await purgedBy(async () => {
      const r = await app.gql<{ castVote: { __typename: string } }>(CAST, {
        input: { pollId: poll.pollId, optionId: poll.optionIds[0], voterKey: voterKey("edge") },
      });
      expect(r.data?.castVote.__typename).toBe("VoteAccepted");
    });
    expect(voted).toEqual([`entity:${poll.id}`]);

    const renamed = await purgedBy(() =>
      edit(
        `mutation { updateTag(slug: "mascot", patch: { name: "Mascots" }) { ${ERRORS} } }`,
        {},
        "updateTag",
      ),
    );
    expect(renamed).toEqual(["shared"]);
  });

  it("each purge is logged with its keys, status and attempt", () => {
    const purged = log.lines.filter((l) => String(l.msg).startsWith("cdn: purged"));
    expect(purged.length).toBeGreaterThanOrEqual(8);
    expect(purged.at(-1)).toMatchObject({ purge: ["shared"], status: 204, attempt: 1 });
  });
});

describe("purge requests per HTTP cache", () => {
  it("Varnish: PURGE with the keys in xkey-purge; Fastly: surrogate_keys with its key; Cloudflare: tags with a bearer token", () => {
    const keys = ["entity:3", "list:announcement"];
    expect(purgeRequest({ url: "http://cache", format: "varnish" }, keys)).toEqual({
      method: "PURGE",
      headers: { "xkey-purge": "entity:3 list:announcement" },
    });
    const fastly = purgeRequest(
      { url: "https://api.fastly.com/service/S/purge", format: "fastly", token: "F" },
      keys,
    );
    expect(fastly.method).toBe("POST");
    expect(fastly.headers).toMatchObject({ "fastly-key": "F", "content-type": "application/json" });
    expect(JSON.parse(fastly.body as string)).toEqual({ surrogate_keys: keys });
    const cloudflare = purgeRequest(
      {
        url: "https://api.cloudflare.com/client/v4/zones/Z/purge_cache",
        format: "cloudflare",
        token: "C",
      },
      keys,
    );
    expect(cloudflare.headers).toMatchObject({ authorization: "Bearer C" });
    expect(JSON.parse(cloudflare.body as string)).toEqual({ tags: keys });
  });

  const contentEvent = (id: number): AppEvent => ({
    kind: "updated",
    type: "announcement",
    id,
    slug: `a-${id}`,
    tags: [],
    publishedAt: null,
    at: new Date(),
  });

  it("a burst of writes is one purge, split at the cache's keys-per-call limit (Cloudflare: 30)", async () => {
    const recorder = await startRecorder();
    const { logger } = memoryLogger();
    const target: PurgeTarget = { url: recorder.url, format: "cloudflare", token: "C" };
    const purger = createPurger({ targets: [target], logger, batchMs: 20, repeatAfterMs: 0 });
    for (let id = 1; id <= 40; id++) purger.onEvent(contentEvent(id));
    await recorder.waitFor(2);
    await purger.close();
    const sent = recorder.requests.map((r) => (JSON.parse(r.body) as { tags: string[] }).tags);
    // 40 entries and their list: 41 keys, in two calls.
    expect(sent.map((tags) => tags.length)).toEqual([30, 11]);
    expect(new Set(sent.flat())).toEqual(
      new Set([...Array.from({ length: 40 }, (_, i) => `entity:${i + 1}`), "list:announcement"]),
    );
    expect(recorder.requests.every((r) => r.headers.authorization === "Bearer C")).toBe(true);
    await recorder.close();
  });

  it("several Varnish nodes each get every purge, each retried on its own", async () => {
    const up = await startRecorder();
    const flaky = await startRecorder([503]);
    const { logger, lines } = memoryLogger();
    const targets: PurgeTarget[] = [
      { url: up.url, format: "varnish" },
      { url: flaky.url, format: "varnish" },
    ];
    const purger = createPurger({
      targets,
      logger,
      batchMs: 5,
      repeatAfterMs: 0,
      retryDelaysMs: [20],
    });
    purger.onEvent({ kind: "voted", pollId: 5, at: new Date() });
    await up.waitFor(1);
    await flaky.waitFor(2);
    await purger.close();
    expect(up.requests.map(keysOf)).toEqual(["entity:5"]);
    expect(flaky.requests.map(keysOf)).toEqual(["entity:5", "entity:5"]);
    const purged = lines
      .filter((l) => l.msg === "cdn: purged 1 key(s) at varnish")
      .map((l) => l.at);
    expect(purged.sort()).toEqual([up.url, flaky.url].sort());
    await up.close();
    await flaky.close();
  });

  it("a failed purge is retried with backoff and logged at each attempt", async () => {
    const recorder = await startRecorder([503, 500]);
    const { logger, lines } = memoryLogger();
    const target: PurgeTarget = { url: recorder.url, format: "varnish" };
    const purger = createPurger({
      ...{ targets: [target], logger, batchMs: 5, repeatAfterMs: 0 },
      retryDelaysMs: [20, 20, 20],
    });
    purger.onEvent({ kind: "voted", pollId: 7, at: new Date() });
    await recorder.waitFor(3);
    await purger.close();
    expect(recorder.requests.map(keysOf)).toEqual(["entity:7", "entity:7", "entity:7"]);
    const said = lines.map((l) => [l.msg, l.attempt, l.reason ?? l.status]);
    expect(said).toEqual([
      ["cdn: purge failed, will retry", 1, "HTTP 503"],
      ["cdn: purge failed, will retry", 2, "HTTP 500"],
      ["cdn: purged 1 key(s) at varnish", 3, 204],
    ]);
    await recorder.close();
  });

  it("after the last retry the purge is given up, said at error level", async () => {
    const recorder = await startRecorder([503, 503]);
    const { logger, lines } = memoryLogger();
    const target: PurgeTarget = { url: recorder.url, format: "varnish" };
    const purger = createPurger({
      targets: [target],
      logger,
      batchMs: 5,
      repeatAfterMs: 0,
      retryDelaysMs: [10],
    });
    purger.onEvent({ kind: "shared-data-changed", at: new Date() });
    await recorder.waitFor(2);
    await new Promise((r) => setTimeout(r, 50));
    await purger.close();
    expect(lines.at(-1)).toMatchObject({
      level: 50,
      msg: "cdn: purge failed, given up after 2 attempt(s)",
      purge: ["shared"],
    });
    await recorder.close();
  });

  it("purges the same keys again a moment later, for answers stored while the write committed", async () => {
    const recorder = await startRecorder();
    const { logger } = memoryLogger();
    const target: PurgeTarget = { url: recorder.url, format: "varnish" };
    const purger = createPurger({ targets: [target], logger, batchMs: 5, repeatAfterMs: 30 });
    purger.onEvent({ kind: "voted", pollId: 9, at: new Date() });
    await recorder.waitFor(2);
    await purger.close();
    expect(recorder.requests.map(keysOf)).toEqual(["entity:9", "entity:9"]);
    await recorder.close();
  });
});

describe.each(backends())("a purge never holds up the write on %s", (backend) => {
  it("the mutation answers while the purge endpoint has not answered yet", async () => {
    const tdb = await createTestDatabase(backend, { seed: true });
    const slow = await startSlowEndpoint(60_000);
    const target: PurgeTarget = { url: slow.url, format: "varnish" };
    const app = testApp(tdb, {
      edge: {
        format: "varnish",
        purge: { targets: [target], batchMs: 1, repeatAfterMs: 0, timeoutMs: 200 },
      },
    });
    const editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
    const r = await app.gql<Record<string, MutationPayload>>(
      `mutation { createTag(input: { slug: "edge", name: "Edge" }) { ${ERRORS} } }`,
      {},
      editor,
    );
    expect(payload(r, "createTag").__typename).toBe("CreateTagSuccess");
    // The purge went out (after the commit) and is still unanswered: the write did not wait.
    await slow.waitFor(1);
    expect(slow.maxInFlight()).toBe(1);
    await app.app.close();
    await slow.close();
    await tdb.drop();
  });
});
