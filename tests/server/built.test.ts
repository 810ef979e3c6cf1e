// What `npm start` runs: the server bundled to dist/main.js (npm run build), with its render
// worker beside it. Everything it finds by path (migrations, the /admin app's sources, the
// worker) must be found from the bundle too, where every module's import.meta.url is dist's.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../src/paths.js";
import { renderWorker } from "../../src/text/offload.js";
import type { Prepared } from "../../src/text/rich-text.js";
import {
  buildServer,
  type ServerProcess,
  startServerProcess,
  waitUntilReady,
} from "../helpers/server-process.js";

describe("the built server (npm start)", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    buildServer();
    server = await startServerProcess({ DATABASE_URL: "memory://" }, [], process.execPath, true);
    await waitUntilReady(server.url);
  }, 120_000);
  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exited;
  });

  it("migrates and seeds from the bundle, and answers GraphQL", async () => {
    expect(server.logs.join("\n")).toContain('"semiSpaceMb":32');
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: "{ issue(volume: 10, number: 15) { title sections { kind } } }",
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      data: { issue: { title: string; sections: { kind: string }[] } };
    };
    expect(body.data.issue.title).toBe("Weekly Newsletter Vol 10 No 15");
    expect(body.data.issue.sections).toHaveLength(5);
  });

  it("serves the /admin app, bundled from its sources at start", async () => {
    const html = await (await fetch(`${server.url}/admin/`)).text();
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server.url}${script}`);
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(10_000);
  });

  it("renders long Markdown in the worker bundled beside it", async () => {
    const worker = renderWorker(true);
    expect(worker).toEqual({ filename: `${ROOT}dist/render-worker.js`, execArgv: [] });
    expect(existsSync(worker.filename)).toBe(true);
    const pool = new Piscina<string, Prepared>({ filename: pathToFileURL(worker.filename).href });
    try {
      const prepared = await pool.run(`# Long\n\n${"A paragraph of *text*. ".repeat(500)}`);
      expect(prepared.problem).toBeNull();
      expect(JSON.stringify(prepared.rendered)).toContain("<em>text</em>");
    } finally {
      await pool.destroy();
    }
  });
});
