/**
 * Caps on open live-update streams (issue 13, item 5): per client address (429) and per
 * instance (503), a slot given back when a stream ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { type Listening, listen } from "../../src/server.js";
import { testApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { subscribe } from "../helpers/sse.js";

const LIVE = "subscription { contentPublished { id } }";

describe("subscription limits", () => {
  let tdb: TestDatabase;
  let http: Listening;
  const from = (client: string) => ({ "x-forwarded-for": client });
  const open = (client: string) => subscribe(`${http.url}/graphql`, LIVE, {}, from(client));
  const refused = async (client: string) => {
    const response = await fetch(`${http.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...from(client) },
      body: JSON.stringify({ query: LIVE }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      body: await response.text(),
    };
  };

  beforeAll(async () => {
    tdb = await createTestDatabase("pglite");
    const { app } = testApp(tdb, { trustProxy: true, subscriptions: { perClient: 2, total: 3 } });
    http = await listen(app, { port: 0, host: "127.0.0.1", logger: createLogger("silent") });
  });
  afterAll(async () => {
    await http.close(1_000);
    await tdb.drop();
  });

  it("refuses a client's third stream with 429 and the instance's fourth with 503, and frees slots on close", async () => {
    const a1 = await open("10.0.0.1");
    const a2 = await open("10.0.0.1");
    const third = await refused("10.0.0.1");
    expect(third.status).toBe(429);
    expect(third.retryAfter).toBe("30");
    expect(third.body).toContain('"code":"RATE_LIMITED"');
    expect(third.body).toContain("Your address already holds 2 live subscriptions");

    const b1 = await open("10.0.0.2");
    const fourth = await refused("10.0.0.3");
    expect(fourth.status).toBe(503);
    expect(fourth.body).toContain('"code":"UNAVAILABLE"');
    expect(fourth.body).toContain("This server already holds 3 live subscriptions");

    a1.close();
    await a1.ended;
    // The server notices the closed stream shortly after the client leaves.
    let again: Awaited<ReturnType<typeof open>> | undefined;
    for (let i = 0; i < 50 && !again; i++) {
      again = await open("10.0.0.1").catch(() => undefined);
      if (!again) await new Promise((r) => setTimeout(r, 100));
    }
    expect(again).toBeDefined();
    for (const s of [a2, b1, again]) s?.close();
  });
});
