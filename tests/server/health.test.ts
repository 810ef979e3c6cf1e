import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

describe.each(backends())("health probes on %s", (backend) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
  });
  afterAll(() => tdb.drop());

  it("/healthz answers 200 and /readyz 200 while the database is there", async () => {
    const { fetch } = testApp(tdb);
    const live = await fetch("/healthz");
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    const ready = await fetch("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "ready" });
  });

  it("/readyz answers 503 with a clear reason once the database is gone, /healthz stays 200", async () => {
    const own = await createTestDatabase(backend);
    const { fetch } = testApp(own);
    await own.database.close();
    const ready = await fetch("/readyz");
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: "unavailable", reason: "database unreachable" });
    expect((await fetch("/healthz")).status).toBe(200);
    await own.drop().catch(() => {});
  });
});

describe("readiness before migrations", () => {
  it("/readyz names the pending migrations", async () => {
    const { openDatabase } = await import("../../src/db/client.js");
    const database = await openDatabase({ url: "memory://" });
    // Started, as the server's is before anyone probes: PGlite's first start can outlast the
    // probe's 2 s on a loaded machine.
    await database.db.execute(sql`select 1`);
    const { createApp } = await import("../../src/app.js");
    const { createLogger } = await import("../../src/logger.js");
    const app = createApp({
      database,
      logger: createLogger("silent"),
      urls: { site: "http://s", public: "http://p" },
      background: false,
    });
    const res = await app.fetch(new Request("http://t/readyz"));
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; reason: string };
    expect(body.status).toBe("unavailable");
    expect(body.reason).toMatch(/^migrations pending: 0 of \d+ applied$/);
    await database.close();
  });
});

describe("readiness by phase", () => {
  it("/readyz says starting, then ready, then draining, as the process moves on", async () => {
    const { openDatabase } = await import("../../src/db/client.js");
    const { createApp } = await import("../../src/app.js");
    const { createLogger } = await import("../../src/logger.js");
    const database = await openDatabase({ url: "memory://" });
    await database.migrate();
    let phase: "starting" | "serving" | "draining" = "starting";
    const app = createApp({
      database,
      logger: createLogger("silent"),
      urls: { site: "http://s", public: "http://p" },
      background: false,
      lifecycle: () => phase,
    });
    const ready = async () => {
      const res = await app.fetch(new Request("http://t/readyz"));
      return { status: res.status, body: await res.json() };
    };
    expect(await ready()).toEqual({
      status: 503,
      body: { status: "unavailable", reason: "starting" },
    });
    phase = "serving";
    expect(await ready()).toEqual({ status: 200, body: { status: "ready" } });
    phase = "draining";
    expect(await ready()).toEqual({
      status: 503,
      body: { status: "unavailable", reason: "draining" },
    });
    await database.close();
  });
});
