// An embedded database has one owner. A second process fails at once naming the holder, and
// the token commands reach the running server through its control socket, so a token created
// beside a running server is the server's (it was lost before: two PGlite copies of one folder).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { DatabaseHeldError } from "../../src/db/owner.js";
import { runScript } from "../helpers/run-script.js";
import { startServerProcess, waitUntilReady } from "../helpers/server-process.js";

const TOKEN = /^nca_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/;
const ADMIN_QUERY = JSON.stringify({ query: "{ webhooks { id } }" });
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A data folder for one test, inside a temp root (its lock and socket live beside it). */
function folder(): string {
  const root = mkdtempSync(join(tmpdir(), "owner-"));
  roots.push(root);
  return join(root, "pglite");
}

describe("one owner per embedded database", () => {
  it("in one process: a second open fails naming the holder; after close, or a dead holder, it opens", async () => {
    const dir = folder();
    const first = await openDatabase({ url: `file:${dir}`, owner: "the server" });
    const second = await openDatabase({ url: `file:${dir}`, owner: "npm run db:seed" }).catch(
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(DatabaseHeldError);
    expect((second as Error).message).toBe(
      `the server (pid ${process.pid}) holds the embedded database in ${dir}: stop it first`,
    );
    await first.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);

    // A holder that died without releasing (kill -9): its lock is taken over.
    const dead = 2 ** 22 + 1; // above Linux's pid_max default: no such process
    writeFileSync(
      `${dir}.lock`,
      JSON.stringify({ pid: dead, role: "the server", host: hostname(), startedAt: "" }),
    );
    const again = await openDatabase({ url: `file:${dir}`, owner: "npm run token:list" });
    expect(JSON.parse(readFileSync(`${dir}.lock`, "utf8"))).toMatchObject({
      pid: process.pid,
      role: "npm run token:list",
    });
    await again.close();
  });

  it("beside a running server: token commands go through it, other commands refuse, and the token outlives a restart", async () => {
    const dir = folder();
    const env = { ...process.env, DATABASE_URL: `file:${dir}`, LOG_LEVEL: "info", REDIS_URL: "" };
    const server = await startServerProcess({ DATABASE_URL: `file:${dir}` });
    const pid = server.child.pid as number;
    try {
      await waitUntilReady(server.url);
      const created = await runScript(
        "src/cli/token.ts",
        ["create", "--name", "first admin", "--scope", "admin"],
        env,
      );
      expect(created.stderr).toContain(`database: held by the server (pid ${pid}); asking it`);
      expect(created.code, created.stderr).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(TOKEN);

      // The server knows it at once: an admin-only query answers.
      const asAdmin = await fetch(`${server.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: ADMIN_QUERY,
      });
      expect(asAdmin.status).toBe(200);
      expect(await asAdmin.json()).toEqual({ data: { webhooks: [] } });
      // The audit line names the token, never its secret.
      const audit = server.logs.find((l) => l.includes("control: token created"));
      expect(audit).toContain('"name":"first admin"');
      expect(audit).not.toContain(token);

      const listed = await runScript("src/cli/token.ts", ["list"], env);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain("first admin");

      const migrate = await runScript("src/cli/migrate.ts", [], env);
      expect(migrate.code).toBe(1);
      expect(migrate.stderr.trim()).toBe(
        `error: the server (pid ${pid}) holds the embedded database in ${dir}: stop it first, or run the token commands, which go through it`,
      );
      const secondServer = await startServerProcess({ DATABASE_URL: `file:${dir}` }).catch(
        (e: Error) => e.message,
      );
      expect(secondServer).toContain(
        `the server (pid ${pid}) holds the embedded database in ${dir}`,
      );
    } finally {
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
    expect(existsSync(`${dir}.lock`)).toBe(false);
    expect(existsSync(`${dir}.sock`)).toBe(false);

    // With the server stopped, the CLI opens the folder itself: the token was stored.
    const after = await runScript("src/cli/token.ts", ["list"], env);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stderr).not.toContain("held by");
    expect(after.stdout).toContain("first admin");
  });
});
