/**
 * A real HTTP cache in front (issue 16, item 3): Varnish with the VCL in deploy/varnish/, in
 * front of two instances of the app that share a database and a bus, on free loopback ports.
 * Shows: repeated GraphQL GETs and feeds are served by Varnish; a publish purges exactly the
 * answers it touched (unrelated ones stay cached); an embargo coming due reaches the edge
 * within the documented bound.
 */
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app.js";
import { type BusTransport, EventBus } from "../../src/bus/bus.js";
import type { AppEvent } from "../../src/bus/events.js";
import { withFastLane } from "../../src/http/fast-lane.js";
import { type Listening, listen } from "../../src/server.js";
import { PUBLIC, SITE } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS } from "../helpers/editorial.js";
import { skipUnless } from "../helpers/skip.js";
import { freePort, startVarnish, type Varnish, varnishMissing } from "../helpers/varnish.js";

const why = varnishMissing();
/** On the real server when there is one: the instances share it as in production. */
const backend = backends().at(-1) ?? "pglite";

const NEWS = "{ announcements(first: 20) { edges { node { title } } } }";
const ISSUES = "{ issues(first: 5) { edges { node { title } } } }";
/** The documented bound for a due embargo at the edge: the scheduler's tick plus one purge. */
const EMBARGO_BOUND_MS = 5_000;

/** Two buses joined as Redis would join them: each hears the other's events as remote. */
function linkedBuses(): [EventBus, EventBus] {
  const handlers: ((event: AppEvent) => void)[] = [];
  const transport = (i: number): BusTransport => ({
    publish: (event) => {
      for (const [j, h] of handlers.entries()) if (j !== i) h(event);
    },
    onMessage: (handler) => {
      handlers[i] = handler;
    },
    close: async () => {},
  });
  return [new EventBus(undefined, transport(0)), new EventBus(undefined, transport(1))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Varnish in front of two instances", skipUnless(why), () => {
  let tdb: TestDatabase;
  let varnish: Varnish;
  let edge: string;
  const instances: { app: App; http: Listening; hits: number; log: string[] }[] = [];
  let editor: Record<string, string>;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    const port = await freePort();
    edge = `http://127.0.0.1:${port}`;
    const buses = linkedBuses();
    for (const [i, bus] of buses.entries()) {
      const log: string[] = [];
      const logger = pino({ level: "info" }, { write: (line: string) => void log.push(line) });
      const app = createApp({
        database: tdb.database,
        logger,
        urls: { site: SITE, public: PUBLIC },
        bus,
        // One scheduler, as with one leader: it publishes (and so purges) a due embargo once.
        background: i === 0,
        edge: {
          format: "varnish",
          purge: { targets: [{ url: edge, format: "varnish" }], batchMs: 20, repeatAfterMs: 500 },
        },
      });
      const instance = { app, http: undefined as unknown as Listening, hits: 0, log };
      const lane = withFastLane(app.fastLane, app);
      instance.http = await listen(
        (req, res) => {
          instance.hits++;
          lane(req, res);
        },
        { port: 0, host: "127.0.0.1", logger },
      );
      instances.push(instance);
    }
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };

    varnish = await startVarnish(
      instances.map((i) => i.http.url),
      port,
    );
  }, 60_000);

  afterAll(async () => {
    await varnish?.stop();
    for (const { app, http } of instances) {
      await app.close();
      await http.close(1_000);
    }
    await tdb?.drop();
  });

  const hits = () => instances.reduce((n, i) => n + i.hits, 0);
  /** First purges sent by all instances so far (not their repeats). */
  const purges = () =>
    instances
      .flatMap((i) => i.log)
      .filter((l) => l.includes("cdn: purged") && l.includes('"repeat":false')).length;
  const ask = async (path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${edge}${path}`, {
      headers: { accept: "application/json", ...headers },
    });
    return {
      status: r.status,
      edge: r.headers.get("x-edge"),
      headers: r.headers,
      body: await r.text(),
    };
  };
  const query = (q: string) => `/graphql?query=${encodeURIComponent(q)}`;
  const gql = async (q: string, variables: Record<string, unknown> = {}) => {
    const r = await fetch(`${edge}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...editor },
      body: JSON.stringify({ query: q, variables }),
    });
    return (await r.json()) as { data: Record<string, Record<string, unknown>> };
  };
  const createNews = async (title: string) => {
    const r = await gql(
      `mutation { createAnnouncement(input: { title: "${title}", kind: NEWS }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id } } } }`,
    );
    const created = r.data.createAnnouncement as { announcement: { id: string } };
    return created.announcement.id;
  };
  /** Ask until `done` holds (the purge is on its way), at most `ms`; the time it took. */
  const until = async (what: () => Promise<boolean>, ms: number) => {
    const start = Date.now();
    while (!(await what())) {
      if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
      await sleep(50);
    }
    return Date.now() - start;
  };

  it("a repeated GraphQL GET and feed are answered by Varnish without reaching an instance", async () => {
    for (const path of [query(NEWS), "/feeds/announcements.atom"]) {
      const first = await ask(path);
      expect([path, first.status, first.edge]).toEqual([path, 200, "MISS"]);
      const before = hits();
      const second = await ask(path);
      expect([path, second.status, second.edge]).toEqual([path, 200, "HIT"]);
      expect(second.body).toBe(first.body);
      expect(hits()).toBe(before);
      // The keys are for the cache only.
      expect(second.headers.get("xkey")).toBeNull();
      expect(second.headers.get("surrogate-key")).toBeNull();
    }
  });

  it("editors' answers pass through, never kept", async () => {
    const first = await ask(query(NEWS), editor);
    const second = await ask(query(NEWS), editor);
    expect([first.edge, second.edge]).toEqual(["MISS", "MISS"]);
    expect(second.headers.get("cache-control")).toBe("private, no-store");
  });

  it("the editors' app signs in and works through the edge (its cookie and CSRF header pass)", async () => {
    const token = (editor.authorization as string).replace(/^Bearer /, "");
    const signIn = await fetch(`${edge}/admin/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { csrf } = (await signIn.json()) as { csrf: string };
    const me = (await (await fetch(`${edge}/admin/session`, { headers: { cookie } })).json()) as {
      editor: { name: string } | null;
    };
    expect(me.editor).not.toBeNull();
    const asApp = { cookie, "x-csrf-token": csrf };
    const drafts = "{ announcements(first: 50, filter: { status: [DRAFT] }) { totalCount } }";
    const first = await ask(query(drafts), asApp);
    const second = await ask(query(drafts), asApp);
    expect([first.status, first.edge, second.edge]).toEqual([200, "MISS", "MISS"]);
    expect(first.body).toContain("totalCount");
    expect(first.body).not.toContain("errors");
  });

  it("a publish purges exactly the answers it touched; unrelated cached answers stay", async () => {
    const touched = [query(NEWS), "/feeds/announcements.atom", "/feeds/all.atom"];
    const unrelated = [query(ISSUES), "/feeds/issues.atom"];
    for (const path of [...touched, ...unrelated]) await ask(path);
    for (const path of [...touched, ...unrelated]) expect((await ask(path)).edge).toBe("HIT");

    const id = await createNews("Published at the edge");
    const purgesBefore = purges();
    await gql(`mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`, { id });
    await until(async () => (await ask(query(NEWS))).body.includes("Published at the edge"), 5_000);
    for (const path of touched.slice(1)) {
      const r = await ask(path);
      expect([path, r.body.includes("Published at the edge")]).toEqual([path, true]);
    }
    for (const path of unrelated) expect([path, (await ask(path)).edge]).toEqual([path, "HIT"]);
    // One purge for the write, from whichever instance took it (not one per instance).
    expect(purges() - purgesBefore).toBe(1);
  });

  it("an embargo coming due reaches the edge within the documented bound", async () => {
    const id = await createNews("Embargoed at the edge");
    const due = new Date(Date.now() + 3_000);
    await gql(
      `mutation($id: ID!, $at: DateTime!) { scheduleContent(id: $id, at: $at) { ${ERRORS} } }`,
      {
        id,
        at: due.toISOString(),
      },
    );
    // Once the schedule's own purges are done (and repeated), cached at the edge without it:
    // from here on only the scheduler's publication can purge that copy before its minute.
    await sleep(800);
    await until(async () => (await ask(query(NEWS))).edge === "HIT", 5_000);
    expect((await ask(query(NEWS))).body).not.toContain("Embargoed at the edge");
    expect((await ask("/feeds/announcements.atom")).body).not.toContain("Embargoed at the edge");
    await sleep(Math.max(0, due.getTime() - Date.now()));
    const took = await until(
      async () => (await ask(query(NEWS))).body.includes("Embargoed at the edge"),
      EMBARGO_BOUND_MS,
    );
    expect(took).toBeLessThan(EMBARGO_BOUND_MS);
    expect((await ask("/feeds/announcements.atom")).body).toContain("Embargoed at the edge");
  }, 20_000);
});
