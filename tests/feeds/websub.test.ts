import { parseAtomFeed } from "feedsmith";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBus } from "../../src/bus/bus.js";
import { startWebSub } from "../../src/feeds/websub.js";
import { createLogger } from "../../src/logger.js";
import { PUBLIC, SITE, testApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { startRecorder } from "../helpers/http-recorder.js";

const published = {
  kind: "published" as const,
  type: "announcement" as const,
  id: 1,
  slug: "x",
  tags: ["xen-4-0"],
  publishedAt: new Date("2010-04-13T10:00:00Z"),
  at: new Date(),
};

const SETTINGS = {
  urls: { site: SITE, public: PUBLIC },
  siteTitle: "t",
  rights: "r",
  language: "en",
  itemLimit: 50,
};

describe("WebSub", () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
  });
  afterAll(() => tdb.drop());

  it("advertises the hub in every feed (link element and Link header)", async () => {
    const hub = "https://hub.example.org/";
    const app = testApp(tdb, { feeds: { hubUrl: hub } });
    const res = await app.fetch("/feeds/announcements.atom");
    expect(res.headers.get("link")).toBe(
      `<${hub}>; rel="hub", <${PUBLIC}/feeds/announcements.atom>; rel="self"`,
    );
    const feed = parseAtomFeed(await res.text());
    expect(feed.links?.filter((l) => l.rel === "hub").map((l) => l.href)).toEqual([hub]);
    const json = JSON.parse(await (await app.fetch("/feeds/announcements.json")).text());
    expect(json.hubs).toEqual([{ type: "WebSub", url: hub }]);
  });

  it("pings a real hub for every affected feed, in the background, without blocking the publisher", async () => {
    const hub = await startRecorder();
    const bus = new EventBus();
    const sub = startWebSub({
      bus,
      hubUrl: hub.url,
      settings: SETTINGS,
      logger: createLogger("silent"),
      debounceMs: 20,
    });
    // publish returns before the hub is asked anything (the pings are debounced, then sent).
    expect(bus.publish(published)).toBeUndefined();
    expect(hub.requests).toHaveLength(0);
    await sub.idle();
    const pinged = hub.requests.map((r) => new URLSearchParams(r.body));
    expect(pinged.every((p) => p.get("hub.mode") === "publish")).toBe(true);
    expect(
      hub.requests.every((r) => r.headers["content-type"] === "application/x-www-form-urlencoded"),
    ).toBe(true);
    const urls = pinged.map((p) => p.get("hub.url")).sort();
    const expected = ["all", "announcements", "tags/xen-4-0"].flatMap((s) =>
      ["atom", "json", "rss"].flatMap((f) => [
        `${PUBLIC}/feeds/${s}.${f}`,
        `${PUBLIC}/feeds/${s}/2010-04.${f}`,
      ]),
    );
    expect(urls).toEqual(expected.sort());
    sub.stop();
    await hub.close();
  });

  it("retries a failing hub with backoff, then gives up", async () => {
    const hub = await startRecorder([500, 503, 204]);
    const bus = new EventBus();
    const sub = startWebSub({
      bus,
      hubUrl: hub.url,
      settings: SETTINGS,
      logger: createLogger("silent"),
      debounceMs: 5,
      retryDelaysMs: [10, 10],
    });
    bus.publish({ ...published, type: "issue", tags: [], publishedAt: null });
    await sub.idle();
    // issues and all, 3 formats each: 6 pings, the first two attempts failing.
    const feeds = hub.requests.map((r) => new URLSearchParams(r.body).get("hub.url"));
    expect(hub.requests).toHaveLength(8);
    expect(new Set(feeds).size).toBe(6);
    sub.stop();
    await hub.close();
  });
});
