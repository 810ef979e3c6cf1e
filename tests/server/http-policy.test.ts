// What every response carries and what production settings switch off: security headers,
// CORS, introspection and persisted operations, through app.fetch on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppOptions, createApp } from "../../src/app.js";
import { createLogger } from "../../src/logger.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

const FRONT = "{ issues(first: 1) { edges { node { title } } } }";

describe("HTTP policy", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
  });
  afterAll(() => tdb.drop());

  const appWith = (http: AppOptions["http"], publicUrl = "http://localhost:4000") =>
    createApp({
      database: tdb.database,
      logger: createLogger("silent"),
      urls: { site: publicUrl, public: publicUrl },
      background: false,
      http,
    });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    new Request("http://api.test/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json",
        ...headers,
      },
      body: JSON.stringify(body),
    });

  it("puts the security headers on every kind of response, HSTS only over https", async () => {
    const plain = appWith({});
    const responses = [
      await plain.fetch(post({ query: FRONT })),
      await plain.fetch(post({ query: "{ nope }" })),
      await plain.fetch(new Request("http://api.test/feeds/all.atom")),
      await plain.fetch(new Request("http://api.test/feeds/nothing.atom")),
      await plain.fetch(new Request("http://api.test/readyz")),
      await plain.fetch(new Request("http://api.test/elsewhere")),
      await plain.fetch(
        new Request("http://api.test/graphql", { headers: { accept: "text/html" } }),
      ),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 400, 200, 404, 200, 404, 200]);
    for (const r of responses) {
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBe("no-referrer");
      expect(r.headers.get("x-frame-options")).toBe("DENY");
      expect(r.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
      expect(r.headers.get("strict-transport-security")).toBeNull();
    }
    // Data is never a page: nothing may load from it; GraphiQL gets its own policy.
    expect(responses[0]?.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(responses[6]?.headers.get("content-security-policy")).toMatch(/^default-src 'self'/);

    const https = appWith({}, "https://api.example.org");
    const secure = await https.fetch(post({ query: FRONT }));
    expect(secure.headers.get("strict-transport-security")).toBe(
      "max-age=31536000; includeSubDomains",
    );
  });

  it("allows any origin without credentials by default, or only the configured ones", async () => {
    const preflight = (origin: string) =>
      new Request("http://api.test/graphql", {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
    // Any origin (Yoga names the caller's origin back), never with credentials.
    const open = await appWith({}).fetch(preflight("https://any.example"));
    expect(open.headers.get("access-control-allow-origin")).toBe("https://any.example");
    expect(open.headers.get("access-control-allow-credentials")).toBeNull();

    const closed = appWith({ corsOrigins: ["https://www.example.org"] });
    const allowed = await closed.fetch(preflight("https://www.example.org"));
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://www.example.org");
    // Another origin is answered with the allowed one, which its browser will not accept.
    const refused = await closed.fetch(preflight("https://evil.example"));
    expect(refused.headers.get("access-control-allow-origin")).toBe("https://www.example.org");
  });

  it("answers introspection only while it is on", async () => {
    const query = "{ __schema { queryType { name } } }";
    const on = await (await appWith({}).fetch(post({ query }))).json();
    expect(on).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
    const off = await appWith({ introspection: false }).fetch(post({ query }));
    const body = (await off.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(off.status).toBe(400);
    expect(body.errors[0]?.extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(body.errors[0]?.message).toMatch(/introspection/i);
  });

  it("serves only persisted operations in 'only' mode, both kinds in 'allow'", async () => {
    const operations = { front1: FRONT };
    const byId = { extensions: { persistedQuery: { version: 1, sha256Hash: "front1" } } };
    const only = appWith({ persisted: { mode: "only", operations } });
    const stored = await only.fetch(post(byId));
    expect(stored.status).toBe(200);
    expect(JSON.stringify(await stored.json())).toContain("Weekly Newsletter Vol 10 No 15");
    const arbitrary = await only.fetch(post({ query: FRONT }));
    expect(arbitrary.status).toBe(400);
    expect(await arbitrary.json()).toMatchObject({
      errors: [{ extensions: { code: "PERSISTED_QUERY_ONLY" } }],
    });
    const unknown = await only.fetch(
      post({ extensions: { persistedQuery: { version: 1, sha256Hash: "nope" } } }),
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      errors: [{ extensions: { code: "PERSISTED_QUERY_NOT_FOUND" } }],
    });

    // A persisted id over GET is what a CDN can cache: public, with a validator.
    const extensions = encodeURIComponent(JSON.stringify(byId.extensions));
    const viaGet = await only.fetch(
      new Request(`http://test/graphql?extensions=${extensions}`, {
        headers: { accept: "application/json" },
      }),
    );
    expect(viaGet.status).toBe(200);
    expect(viaGet.headers.get("cache-control")).toBe("public, max-age=60, stale-if-error=86400");
    expect(viaGet.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{32}"$/);

    const allow = appWith({ persisted: { mode: "allow", operations } });
    expect((await allow.fetch(post(byId))).status).toBe(200);
    expect((await allow.fetch(post({ query: FRONT }))).status).toBe(200);
  });
});
