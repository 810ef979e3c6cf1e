import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitBodies } from "../../src/http/body-limit.js";
import { withFastLane } from "../../src/http/fast-lane.js";
import { createLogger } from "../../src/logger.js";
import { type Listening, listen } from "../../src/server.js";
import { type Answer, type BenchRequest, send } from "../bench/http.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

/** Headers that belong to the connection, not to the answer. */
const HOP = new Set(["date", "connection", "keep-alive", "transfer-encoding"]);
const answerOf = (a: Answer) => ({
  status: a.status,
  headers: Object.fromEntries(
    Object.entries(a.headers)
      .map(([k, v]) => [k.toLowerCase(), v] as const)
      .filter(([k]) => !HOP.has(k)),
  ),
  body: a.body.toString("base64"),
});

const QUERY =
  "query($v: Int!, $n: Int!) { issue(volume: $v, number: $n) { title sections { title } } }";
const gql = (headers: Record<string, string> = {}, body?: unknown): BenchRequest => ({
  method: "POST",
  path: "/graphql",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body ?? { query: QUERY, variables: { v: 10, n: 15 } }),
});

describe("fast lane: cache hits answered at node:http", () => {
  let tdb: TestDatabase;
  let t: ReturnType<typeof testApp>;
  /** Answers the lane served for one route. */
  const served = (route: string) => t.app.fastLane.served[route] ?? 0;
  let server: Listening;
  let editor: string;

  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
    t = testApp(tdb);
    editor = (await bearer(tdb.database.db, "editor")).authorization;
    server = await listen(limitBodies(withFastLane(t.app.fastLane, t.app), 1 << 20), {
      port: 0,
      host: "127.0.0.1",
      logger: createLogger("silent"),
    });
  });
  afterAll(async () => {
    await server.close(1000);
    await tdb.drop();
  });

  /** The same request through Yoga (app.fetch), for comparison. */
  const viaApp = async (req: BenchRequest): Promise<Answer> => {
    const res = await t.app.fetch(
      new Request(`http://127.0.0.1${req.path}`, {
        method: req.method,
        headers: req.headers,
        body: req.body,
      }),
    );
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body: Buffer.from(await res.arrayBuffer()),
    };
  };

  it("serves cached feeds with the same status, headers and bytes as the full path", async () => {
    const cases: BenchRequest[] = [];
    for (const path of [
      "/feeds/all.atom",
      "/feeds/all.json",
      "/feeds/tags/xen-4-0.rss",
      "/feeds/events.ics",
    ])
      for (const encoding of [undefined, "gzip", "br"])
        cases.push({
          method: "GET",
          path,
          headers: encoding ? { "accept-encoding": encoding } : {},
        });
    cases.push({ method: "HEAD", path: "/feeds/all.atom", headers: {} });
    // The first answer fills the cache (full path); the rest come from the lane.
    await send(server.url, { method: "GET", path: "/feeds/all.atom", headers: {} });
    for (const c of cases) await send(server.url, c);
    const before = served("feeds");
    for (const c of cases) {
      const lane = await send(server.url, c);
      expect(answerOf(lane), `${c.method} ${c.path} ${JSON.stringify(c.headers)}`).toEqual(
        answerOf(await viaApp(c)),
      );
    }
    expect(served("feeds") - before).toBe(cases.length);

    const first = await send(server.url, cases[1] as BenchRequest);
    const conditional: BenchRequest = {
      method: "GET",
      path: "/feeds/all.atom",
      headers: { "accept-encoding": "gzip", "if-none-match": first.headers.etag as string },
    };
    const notModified = await send(server.url, conditional);
    expect(notModified.status).toBe(304);
    expect(answerOf(notModified)).toEqual(answerOf(await viaApp(conditional)));
  });

  it("serves cached GraphQL answers like the full path does, for each Accept it can", async () => {
    for (const accept of [
      undefined,
      "application/json",
      "application/graphql-response+json",
      "*/*",
    ]) {
      const req = gql(accept ? { accept } : {});
      await send(server.url, req);
      const before = served("answers");
      const lane = await send(server.url, req);
      expect(served("answers"), String(accept)).toBe(before + 1);
      expect(lane.headers["x-cache"]).toBe("HIT");
      expect(answerOf(lane), String(accept)).toEqual(answerOf(await viaApp(req)));
    }
  });

  it("leaves to the full path: other origins (CORS), editors, event streams, misses and writes", async () => {
    const before = { ...t.app.fastLane.served };
    const cors = await send(server.url, gql({ origin: "https://partner.example" }));
    expect(cors.headers["access-control-allow-origin"]).toBeDefined();
    const asEditor = await send(server.url, gql({ authorization: editor }));
    expect(asEditor.status).toBe(200);
    expect(asEditor.headers["x-cache"]).toBeUndefined();
    const stream = await send(server.url, gql({ accept: "text/event-stream" }));
    expect(stream.headers["content-type"]).toMatch(/^text\/event-stream/);
    // A miss: the body the lane read is handed to Yoga, which answers it.
    const miss = await send(server.url, gql({}, { query: "{ archive { month issues } }" }));
    expect(JSON.parse(miss.body.toString())).toEqual({
      data: { archive: [{ month: "2010-04", issues: 1 }] },
    });
    expect(miss.headers["x-cache"]).toBe("MISS");
    expect(t.app.fastLane.served).toEqual(before);
  });

  it("never answers from a cache a write has invalidated", async () => {
    const req = gql({}, { query: "{ announcements(first: 10) { totalCount } }" });
    await send(server.url, req);
    expect((await send(server.url, req)).headers["x-cache"]).toBe("HIT");
    const created = await send(
      server.url,
      gql(
        { authorization: editor },
        {
          query: `mutation { createAnnouncement(input: { title: "Lane news", kind: NEWS }) { ... on CreateAnnouncementSuccess { announcement { id } } } }`,
        },
      ),
    );
    const id = JSON.parse(created.body.toString()).data.createAnnouncement.announcement.id;
    await send(
      server.url,
      gql(
        { authorization: editor },
        {
          query: "mutation($id: ID!) { publishContent(id: $id) { __typename } }",
          variables: { id },
        },
      ),
    );
    const after = await send(server.url, req);
    expect(after.headers["x-cache"]).toBe("MISS");
    expect(JSON.parse(after.body.toString())).toEqual({
      data: { announcements: { totalCount: 3 } },
    });
    const feed = await send(server.url, {
      method: "GET",
      path: "/feeds/announcements.atom",
      headers: {},
    });
    expect(feed.body.toString()).toContain("Lane news");
  });
});
