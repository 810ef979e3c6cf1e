/**
 * Issue 15, item 14: the typed client example in docs/api.md is compiled against the committed
 * schema, so the example cannot drift from the API. Its source lives once, in
 * docs/examples/typed-client/; docs/api.md quotes it and this test holds the quote to the file,
 * runs graphql-code-generator's client preset over schema/schema.graphql (an unknown field is
 * a validation error there), type-checks the example with tsc, and runs it against the app.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLE = "docs/examples/typed-client";
const read = (path: string) => readFileSync(`${ROOT}${path}`, "utf8");

/** Run a tool of node_modules/.bin from the repository root; its exit code and output. */
async function tool(name: string, args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(`${ROOT}node_modules/.bin/${name}`, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    out += c.toString();
  });
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, out };
}

/** The fenced block that follows `<!-- include: path -->` in a Markdown text. */
function quoted(markdown: string, path: string): string | undefined {
  const at = markdown.indexOf(`<!-- include: ${path} -->`);
  if (at < 0) return undefined;
  return /```\w*\n([\s\S]*?)```/.exec(markdown.slice(at))?.[1];
}

/** What the example module exports (imported by a computed path: it exists once generated). */
interface Example {
  client(endpoint: string, fetch?: typeof globalThis.fetch): unknown;
  frontPage(api: unknown, first?: number): Promise<unknown>;
}

describe("the typed client example", () => {
  it("is quoted in docs/api.md exactly as its file holds it", () => {
    const api = read("docs/api.md");
    for (const file of ["front-page.ts", "codegen.ts"]) {
      expect(quoted(api, `${EXAMPLE}/${file}`), file).toBe(read(`${EXAMPLE}/${file}`));
    }
  });

  it("generates its types from schema/schema.graphql and type-checks", async () => {
    rmSync(`${ROOT}${EXAMPLE}/gql`, { recursive: true, force: true });
    const generated = await tool("graphql-codegen", ["--config", `${EXAMPLE}/codegen.ts`]);
    expect(generated.out).toBe("");
    expect(generated.code).toBe(0);
    const checked = await tool("tsc", ["-p", `${EXAMPLE}/tsconfig.json`]);
    expect(checked.out).toBe("");
    expect(checked.code).toBe(0);
  });
});

describe.each(backends())("the typed client example against the seed on %s", (backend) => {
  let tdb: TestDatabase;
  let example: Example;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    const generated = await tool("graphql-codegen", ["--config", `${EXAMPLE}/codegen.ts`]);
    expect(generated.code, generated.out).toBe(0);
    const path = `../../${EXAMPLE}/front-page.ts`;
    example = (await import(/* @vite-ignore */ path)) as Example;
  });
  afterAll(() => tdb.drop());

  it("reads the front page's issues and polls", async () => {
    const { app } = testApp(tdb);
    const api = example.client("http://test/graphql", async (input, init) =>
      app.fetch(new Request(input, init)),
    );
    expect(await example.frontPage(api)).toEqual({
      issues: ["Vol 10 No 15: Weekly Newsletter Vol 10 No 15 (2010-04-13)"],
      polls: [
        {
          question: "Vote for your favorite",
          closed: true,
          closesAt: "2010-04-28T23:59:59.000Z",
          totalVotes: null, // the 2010 counts were never recorded
        },
      ],
    });
  });
});
