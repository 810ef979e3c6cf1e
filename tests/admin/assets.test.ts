/**
 * The /admin app's page and files (issue 18): one page for every app path, with a CSP that
 * allows no inline script or style; hashed files compressed, with ETags, kept a year; the first
 * load's JavaScript well under 200 KB compressed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

describe("the /admin app's files", () => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite");
    app = testApp(tdb);
  });
  afterAll(() => tdb.drop());

  it("serves one page for every app path, with a strict CSP", async () => {
    for (const path of ["/admin", "/admin/", "/admin/announcements/new", "/admin/webhooks"]) {
      const page = await app.fetch(path);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("cache-control")).toBe("no-cache");
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self';");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      expect(csp).toContain("frame-ancestors 'none'");
      const html = await page.text();
      expect(html).not.toMatch(/<script>|<style|style=/);
      expect(html).toMatch(/<script type="module" src="\/admin\/assets\/main-[A-Z0-9]+\.js">/);
    }
    // GraphiQL keeps its own policy.
    const graphiql = await app.fetch("/graphql", { headers: { accept: "text/html" } });
    expect(graphiql.headers.get("content-security-policy")).toContain("'unsafe-inline'");
  });

  it("sends the script compressed, with an ETag, kept a year; 304 on revalidation", async () => {
    const html = await (await app.fetch("/admin")).text();
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
    const style = /href="(\/admin\/assets\/[^"]+\.css)"/.exec(html)?.[1] as string;
    const sizes: Record<string, number> = {};
    for (const encoding of ["br", "gzip"]) {
      const r = await app.fetch(script, { headers: { "accept-encoding": encoding } });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-encoding")).toBe(encoding);
      expect(r.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      sizes[encoding] = (await r.arrayBuffer()).byteLength;
      const etag = r.headers.get("etag") as string;
      const again = await app.fetch(script, {
        headers: { "accept-encoding": encoding, "if-none-match": etag },
      });
      expect(again.status).toBe(304);
    }
    expect(sizes.gzip).toBeLessThan(200_000);
    expect(sizes.br).toBeLessThan(200_000);
    console.log(`admin app script: ${sizes.br} B brotli, ${sizes.gzip} B gzip`);
    expect((await app.fetch(style)).headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await app.fetch("/admin/assets/nope.js")).status).toBe(404);
  });
});
