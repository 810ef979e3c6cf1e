import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { revokeTokens } from "../../src/auth/store.js";
import { apiTokens } from "../../src/auth/table.js";
import { openDatabase } from "../../src/db/client.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MUTATION = `mutation { createTag(input: { name: "Scoped" }) { __typename ... on CreateTagSuccess { tag { slug } } } }`;
const ADMIN_QUERY = "{ webhooks { id } }";

describe.each(backends())("API tokens and scopes on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb);
  });
  afterAll(() => tdb.drop());

  const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    r.errors?.[0]?.extensions?.code;

  it("anonymous readers read but cannot write (UNAUTHENTICATED) or administer", async () => {
    const r = await app.gql(MUTATION);
    expect(code(r)).toBe("UNAUTHENTICATED");
    expect(r.errors?.[0]?.message).toBe(
      "This needs an editor API token: send Authorization: Bearer <token>.",
    );
    expect(code(await app.gql(ADMIN_QUERY))).toBe("UNAUTHENTICATED");
  });

  it("an editor writes content but is FORBIDDEN admin fields; an admin does both", async () => {
    const editor = await bearer(tdb.database.db, "editor");
    const ok = await app.gql<{ createTag: { __typename: string } }>(MUTATION, undefined, editor);
    expect(ok.data?.createTag.__typename).toBe("CreateTagSuccess");
    const forbidden = await app.gql(ADMIN_QUERY, undefined, editor);
    expect(code(forbidden)).toBe("FORBIDDEN");
    expect(forbidden.errors?.[0]?.message).toBe(
      "Your API token does not have the scope this needs.",
    );
    const admin = await bearer(tdb.database.db, "admin");
    expect((await app.gql(ADMIN_QUERY, undefined, admin)).errors).toBeUndefined();
    const adminWrite = await app.gql<{ createTag: { __typename: string } }>(
      MUTATION.replace("Scoped", "Scoped by admin"),
      undefined,
      admin,
    );
    expect(adminWrite.data?.createTag.__typename).toBe("CreateTagSuccess");
  });

  it("malformed, unknown and revoked tokens are a 401 with a reason, never a silent downgrade", async () => {
    const editor = await bearer(tdb.database.db, "editor", "to be revoked");
    const cases: [Record<string, string>, string][] = [
      [
        { authorization: "Basic dXNlcjpwYXNz" },
        'The Authorization header must be "Bearer <token>".',
      ],
      [
        { authorization: "Bearer not-a-token" },
        "That is not an API token of this server (expected nca_…).",
      ],
      [{ authorization: `Bearer nca_AAAAAAAAAAAA_${"A".repeat(43)}` }, "Unknown API token."],
      [
        { authorization: editor.authorization.replace(/.$/, (c) => (c === "A" ? "B" : "A")) },
        "Unknown API token.",
      ],
    ];
    for (const [headers, message] of cases) {
      const r = await app.gql("{ archive { month } }", undefined, headers);
      expect(r.status, message).toBe(401);
      expect(code(r)).toBe("UNAUTHENTICATED");
      expect(r.errors?.[0]?.message).toBe(message);
    }
    expect((await app.gql("{ archive { month } }", undefined, editor)).status).toBe(200);
    await revokeTokens(tdb.database.db, { prefix: editor.prefix }, new Date());
    const revoked = await app.gql("{ archive { month } }", undefined, editor);
    expect(revoked.status).toBe(401);
    expect(revoked.errors?.[0]?.message).toBe("This API token has been revoked.");
  });

  it("stores only a hash, and records when a token was last used", async () => {
    const editor = await bearer(tdb.database.db, "editor", "hash check");
    // The secret is base64url, so it may itself hold "_": it is everything after the prefix.
    const secret = editor.authorization.slice(`Bearer nca_${editor.prefix}_`.length);
    expect(secret).toHaveLength(43);
    const [row] = await tdb.database.db
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.prefix, editor.prefix));
    expect(row?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row?.lastUsedAt).toBeNull();
    await app.gql("{ archive { month } }", undefined, editor);
    // The use is recorded after the answer, without holding the request up: wait for it.
    await vi.waitFor(async () => {
      const [after] = await tdb.database.db
        .select()
        .from(apiTokens)
        .where(eq(apiTokens.prefix, editor.prefix));
      expect(after?.lastUsedAt).toBeInstanceOf(Date);
    });
  });
});

describe("token CLI", () => {
  it("creates (printing the token once), lists and revokes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tokens-"));
    const env = { ...process.env, DATABASE_URL: `file:${dir}`, LOG_LEVEL: "silent" };
    const run = (...args: string[]) =>
      execFileSync(process.execPath, ["--import", "tsx", "src/cli/token.ts", ...args], {
        cwd: ROOT,
        env,
        encoding: "utf8",
      });
    try {
      const token = run("create", "--name", "ci bot", "--scope", "admin").trim();
      expect(token).toMatch(/^nca_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      const prefix = token.split("_")[1] as string;
      const listed = run("list");
      expect(listed).toContain(prefix);
      expect(listed).toContain("admin");
      expect(listed).toContain("ci bot");
      // The secret (base64url: it may itself hold "_") is never listed.
      expect(listed).not.toContain(token.slice(`nca_${prefix}_`.length));
      run("revoke", "--prefix", prefix);
      expect(run("list")).toMatch(/revoked \d{4}-/);
      expect(() => run("create", "--name", "x", "--scope", "root")).toThrow();
      // The token works against a server on that database until it is revoked (checked above in-process).
      const database = await openDatabase({ url: `file:${dir}` });
      const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.prefix, prefix));
      expect(row?.revokedAt).toBeInstanceOf(Date);
      await database.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
