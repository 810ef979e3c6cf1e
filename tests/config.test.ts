import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { SEMI_SPACE_MB, semiSpaceMb } from "../src/heap.js";
import { startFlags } from "./helpers/server-process.js";

describe("configuration", () => {
  it("has the documented defaults", () => {
    expect(loadConfig({})).toEqual({
      port: 4000,
      host: "127.0.0.1",
      databaseUrl: undefined,
      databaseReadUrl: undefined,
      databaseReadMaxLagMs: 5_000,
      databaseReadCheckMs: 1_000,
      databasePoolSize: 10,
      dataDir: "./.data",
      publicUrl: "http://localhost:4000",
      siteUrl: "http://localhost:4000",
      redisUrl: undefined,
      redisPrefix: "nca",
      websubHubUrl: undefined,
      previewUrl: undefined,
      logLevel: "info",
      logFormat: "auto",
      requestLogLevel: "info",
      feedItemLimit: 50,
      shutdownTimeoutMs: 10_000,
      heapGrowthPercent: 50,
      shutdownGraceMs: 0,
      seedOnStart: true,
      appSecret: undefined,
      trustProxy: 0,
      responseCache: true,
      feedCache: true,
      feedIdAuthority: "localhost",
      webhookAllowPrivate: [],
      graphqlJit: true,
      maxBodyBytes: 1_048_576,
      subscriptions: { perClient: 20, total: 1_000 },
      requestTimeoutMs: 30_000,
      dbStatementTimeoutMs: 10_000,
      graphiql: true,
      introspection: true,
      persistedOperations: "off",
      persistedOperationsFile: undefined,
      corsOrigins: "*",
      siteTitle: "Community newsletter archive",
      feedRights:
        "Copyright the newsletter's authors. Syndication welcome with a link to the original.",
      feedLanguage: "en",
    });
  });

  it("in production: GraphiQL and introspection off, a 5 s drain grace; each can be set", () => {
    const production = loadConfig({ NODE_ENV: "production" });
    expect(production).toMatchObject({
      graphiql: false,
      introspection: false,
      shutdownGraceMs: 5_000,
    });
    expect(loadConfig({ NODE_ENV: "production", SHUTDOWN_GRACE_MS: "0" }).shutdownGraceMs).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_GRACE_MS: "-1" })).toThrow(/SHUTDOWN_GRACE_MS/);
  });

  it("turns the response and feed caches off with on/off and nothing else", () => {
    const off = loadConfig({ RESPONSE_CACHE: "off", FEED_CACHE: "off" });
    expect(off).toMatchObject({ responseCache: false, feedCache: false });
    expect(() => loadConfig({ FEED_CACHE: "no" })).toThrow(
      'FEED_CACHE: must be on or off (got "no")',
    );
  });

  it("derives SITE_URL from PUBLIC_URL and strips trailing slashes", () => {
    const c = loadConfig({ PUBLIC_URL: "https://api.example.org/", PORT: "8080" });
    expect(c.publicUrl).toBe("https://api.example.org");
    expect(c.siteUrl).toBe("https://api.example.org");
  });

  it("takes the feed id authority from SITE_URL's host name without its port, or FEED_ID_AUTHORITY", () => {
    expect(loadConfig({ PORT: "4400" }).feedIdAuthority).toBe("localhost");
    expect(loadConfig({ SITE_URL: "https://news.example.org:8443" }).feedIdAuthority).toBe(
      "news.example.org",
    );
    expect(loadConfig({ FEED_ID_AUTHORITY: "editor@example.org" }).feedIdAuthority).toBe(
      "editor@example.org",
    );
    expect(() => loadConfig({ FEED_ID_AUTHORITY: "example.org:4400" })).toThrow(
      'FEED_ID_AUTHORITY: must be a domain name or an email address (RFC 4151), with no port (got "example.org:4400")',
    );
  });

  it("log format and the request line's level: named values only", () => {
    expect(loadConfig({ LOG_FORMAT: "json", REQUEST_LOG_LEVEL: "debug" })).toMatchObject({
      logFormat: "json",
      requestLogLevel: "debug",
    });
    expect(() => loadConfig({ LOG_FORMAT: "text" })).toThrow(
      'LOG_FORMAT: must be auto, json or pretty (got "text")',
    );
    expect(() => loadConfig({ REQUEST_LOG_LEVEL: "off" })).toThrow(
      'REQUEST_LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "off")',
    );
  });

  it("TRUST_PROXY: true is one proxy, a number is a chain of them", () => {
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: "yes" })).toThrow(
      'TRUST_PROXY: must be true, false or the number of proxies (0–10) (got "yes")',
    );
  });

  it("WEBHOOK_ALLOW_PRIVATE and the subscription caps", () => {
    const c = loadConfig({
      WEBHOOK_ALLOW_PRIVATE: "127.0.0.1/32, 10.20.0.0/16,::1/128",
      MAX_SUBSCRIPTIONS_PER_CLIENT: "5",
      MAX_SUBSCRIPTIONS: "300",
    });
    expect(c.webhookAllowPrivate).toEqual(["127.0.0.1/32", "10.20.0.0/16", "::1/128"]);
    expect(c.subscriptions).toEqual({ perClient: 5, total: 300 });
    for (const bad of ["10.0.0.0/33", "localhost", "10.0.0.0/8/1", "::1/129"])
      expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: bad })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
    expect(() => loadConfig({ MAX_SUBSCRIPTIONS: "0" })).toThrow(/MAX_SUBSCRIPTIONS/);
  });

  it("PREVIEW_URL: an absolute http(s) URL template with {token}, or a start-up error naming it", () => {
    const template = "https://site.example/api/preview?token={token}&path={path}";
    expect(loadConfig({ PREVIEW_URL: template }).previewUrl).toBe(template);
    expect(loadConfig({ PREVIEW_URL: "" }).previewUrl).toBeUndefined();
    const refused: [string, string][] = [
      ["/api/preview?token={token}", "must be an absolute http(s) URL"],
      ["ftp://site.example/preview?token={token}", "must be an absolute http(s) URL"],
      ["site.example/api/preview?token={token}", "must be an absolute http(s) URL"],
      ["https://site.example/api/preview?path={path}", "must contain {token}"],
      [
        "https://site.example/api/preview?token={token}&path={pth}",
        "unknown placeholder {pth} (known: {token}, {path}, {type}, {slug}, {id})",
      ],
    ];
    for (const [bad, why] of refused) {
      expect(() => loadConfig({ PREVIEW_URL: bad })).toThrow(
        `PREVIEW_URL: ${why} (got ${JSON.stringify(bad)})`,
      );
    }
  });

  it("CDN_PURGE_*: the HTTP cache in front, where purges go, and its token", () => {
    expect(loadConfig({}).edge).toBeUndefined();
    expect(loadConfig({ CDN_PURGE_FORMAT: "cloudflare" }).edge).toEqual({ format: "cloudflare" });
    expect(
      loadConfig({ CDN_PURGE_URL: "http://127.0.0.1:6081/", CDN_PURGE_FORMAT: "varnish" }).edge,
    ).toEqual({ format: "varnish", purgeUrls: ["http://127.0.0.1:6081/"] });
    // Several Varnish nodes: each gets every purge.
    expect(
      loadConfig({
        CDN_PURGE_URL: "http://10.0.0.1:6081, http://10.0.0.2:6081",
        CDN_PURGE_FORMAT: "varnish",
      }).edge?.purgeUrls,
    ).toEqual(["http://10.0.0.1:6081", "http://10.0.0.2:6081"]);
    expect(() =>
      loadConfig({ CDN_PURGE_URL: "http://a.example,ftp://b", CDN_PURGE_FORMAT: "varnish" }),
    ).toThrow("must be absolute http(s) URLs, comma-separated (one per cache node)");
    expect(() => loadConfig({ CDN_PURGE_URL: "http://127.0.0.1:6081" })).toThrow(
      "CDN_PURGE_FORMAT: required when CDN_PURGE_URL is set (varnish, fastly or cloudflare)",
    );
    expect(() =>
      loadConfig({
        CDN_PURGE_URL: "https://api.fastly.com/service/S/purge",
        CDN_PURGE_FORMAT: "fastly",
      }),
    ).toThrow("CDN_PURGE_TOKEN: required to purge at fastly (its API token)");
    expect(() => loadConfig({ CDN_PURGE_FORMAT: "akamai" })).toThrow(
      "must be varnish, fastly or cloudflare",
    );
  });

  it("DATABASE_READ_URL: a postgres replica of a postgres DATABASE_URL, never with PGlite", () => {
    const primary = "postgres://app@db1/news";
    const replica = "postgres://app@db2/news";
    expect(loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: replica })).toMatchObject({
      databaseReadUrl: replica,
      databaseReadMaxLagMs: 5_000,
      databaseReadCheckMs: 1_000,
    });
    const refusal =
      "DATABASE_READ_URL: a read replica needs DATABASE_URL to be a PostgreSQL server (postgres://…); the embedded database (PGlite) has no replicas";
    for (const embedded of [undefined, "memory://", "file:/srv/nca"]) {
      expect(() => loadConfig({ DATABASE_URL: embedded, DATABASE_READ_URL: replica })).toThrow(
        refusal,
      );
    }
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_READ_URL: "memory://" })).toThrow(
      'DATABASE_READ_URL: must be postgres://… or postgresql://… (got "memory://")',
    );
    const tuned = loadConfig({
      DATABASE_URL: primary,
      DATABASE_READ_URL: replica,
      DATABASE_READ_MAX_LAG_MS: "250",
      DATABASE_READ_CHECK_MS: "50",
    });
    expect(tuned).toMatchObject({ databaseReadMaxLagMs: 250, databaseReadCheckMs: 50 });
    expect(() => loadConfig({ DATABASE_READ_CHECK_MS: "5" })).toThrow(/DATABASE_READ_CHECK_MS/);
  });

  it("HEAP_GROWTH_PERCENT: a whole number from 0 (V8's own rule) to 1000", () => {
    expect(loadConfig({ HEAP_GROWTH_PERCENT: "0" }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: "200" }).heapGrowthPercent).toBe(200);
    const problems = (env: string) => {
      try {
        loadConfig({ HEAP_GROWTH_PERCENT: env });
      } catch (e) {
        return (e as ConfigError).problems;
      }
      return [];
    };
    expect(problems("-5")).toEqual([
      `HEAP_GROWTH_PERCENT: must be 0 (V8's own rule) or more (got "-5")`,
    ]);
    expect(problems("1.5")).toEqual(['HEAP_GROWTH_PERCENT: must be a whole number (got "1.5")']);
    expect(problems("lots")).toEqual(['HEAP_GROWTH_PERCENT: must be a number (got "lots")']);
  });

  it("npm start sizes V8's young generation; the server reads what it was started with", () => {
    expect(startFlags()).toEqual([`--max-semi-space-size=${SEMI_SPACE_MB}`]);
    expect(semiSpaceMb(["--max-semi-space-size=32", "--import", "tsx"], "")).toBe(32);
    // NODE_OPTIONS first, then the command line: the last one wins, as in V8.
    expect(semiSpaceMb(["--max-semi-space-size=64"], "--max-semi-space-size=8")).toBe(64);
    expect(semiSpaceMb([], "--enable-source-maps --max_semi_space_size=48")).toBe(48);
    expect(semiSpaceMb(["--import", "tsx"], "")).toBeNull();
  });

  it("names every bad variable with the reason and the value", () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        LOG_LEVEL: "loud",
        PUBLIC_URL: "ftp://x",
        REDIS_PREFIX: "a b",
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'PORT: must be a number (got "eighty")',
      'DATABASE_URL: must be postgres://…, postgresql://…, memory:// or file:<dir> (got "mysql://x")',
      'PUBLIC_URL: must be an absolute http(s) URL (got "ftp://x")',
      'REDIS_PREFIX: must be 1–64 of A–Z a–z 0–9 _ . : - (got "a b")',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ]);
  });
});
