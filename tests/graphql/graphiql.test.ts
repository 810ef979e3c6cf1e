import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { listen } from "../../src/server.js";
import { testApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { missing, skipUnless } from "../helpers/skip.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

describe("GraphiQL at /graphql", () => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
    app = testApp(tdb);
  });
  afterAll(() => tdb.drop());

  it("is served to browsers, self-contained: no script, style or worker from another origin", async () => {
    const res = await app.fetch("/graphql", { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    const external = [
      ...html.matchAll(/<(script|link)[^>]+(src|href)=["'](https?:)?\/\/[^"']+/gi),
    ].map((m) => m[0]);
    expect(external).toEqual([]);
    expect(html).toContain("April2010");
  });

  it("is sent compressed (Brotli or gzip) with an ETag and a lifetime, and revalidates with a 304", async () => {
    const plain = await app.fetch("/graphql", { headers: { accept: "text/html" } });
    const html = Buffer.from(await plain.arrayBuffer());
    expect(html.length).toBeGreaterThan(5_000_000);
    expect(plain.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(plain.headers.get("vary")).toBe("Accept, Accept-Encoding");
    expect(plain.headers.get("content-security-policy")).toContain(
      "script-src 'self' 'unsafe-inline'",
    );
    const etag = plain.headers.get("etag") as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);

    for (const [accept, encoding, decode] of [
      ["gzip, deflate, br", "br", brotliDecompressSync],
      ["gzip", "gzip", gunzipSync],
    ] as const) {
      const res = await app.fetch("/graphql", {
        headers: { accept: "text/html", "accept-encoding": accept },
      });
      expect(res.headers.get("content-encoding")).toBe(encoding);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBeLessThan(html.length / 3);
      expect(decode(body).equals(html)).toBe(true);
      const tag = res.headers.get("etag") as string;
      expect(tag).toBe(etag.replace(/"$/, `-${encoding}"`));
      const again = await app.fetch("/graphql", {
        headers: { accept: "text/html", "accept-encoding": accept, "if-none-match": tag },
      });
      expect(again.status).toBe(304);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
    }
    // A GraphQL GET (JSON) is not the page.
    const query = await app.fetch("/graphql?query=%7B__typename%7D", {
      headers: { accept: "application/json" },
    });
    expect(await query.json()).toEqual({ data: { __typename: "Query" } });
  });

  it(
    "renders and runs its default query in headless Chromium with no network beyond localhost",
    skipUnless(missing.chromium(CHROMIUM)),
    async () => {
      const { chromium } = await import("playwright-core");
      const http = await listen(app.app, {
        port: 0,
        host: "127.0.0.1",
        logger: createLogger("silent"),
      });
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
        ],
      });
      try {
        const page = await browser.newPage();
        const offsite: string[] = [];
        // Anything not on our origin fails, as it would offline.
        await page.route("**/*", (route) => {
          const url = route.request().url();
          if (url.startsWith(http.url) || url.startsWith("data:") || url.startsWith("blob:"))
            return route.continue();
          offsite.push(url);
          return route.abort();
        });
        await page.goto(`${http.url}/graphql`);
        await page.waitForSelector(".graphiql-execute-button", { timeout: 30_000 });
        await page.click(".graphiql-execute-button");
        // The result pane (Monaco) renders spaces as no-break spaces; normalise before matching.
        await page.waitForFunction(
          () =>
            // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
            document.body.innerText
              .replace(/\s+/g, " ")
              .includes('"title": "Weekly Newsletter Vol 10 No 15"'),
          undefined,
          { timeout: 30_000 },
        );
        expect(offsite).toEqual([]);
      } finally {
        await browser.close();
        await http.close(1000);
      }
    },
  );
});
