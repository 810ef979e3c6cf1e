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
import { ERRORS, payload } from "../helpers/editorial.js";

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

  /** The whole answer to a request, as a client sees it: status, the auth header, the body. */
  const ask = async (
    query: string,
    headers: Record<string, string> = {},
    variables?: Record<string, unknown>,
  ) => {
    const response = await app.fetch("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/graphql-response+json",
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as {
      data?: unknown;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    return {
      status: response.status,
      wwwAuthenticate: response.headers.get("www-authenticate"),
      body,
    };
  };
  const NEEDS_TOKEN = "This needs an editor API token: send Authorization: Bearer <token>.";
  /** A request refused for its credentials: nothing ran, only the one error. */
  const refused = (message: string) => ({
    status: 401,
    wwwAuthenticate: 'Bearer realm="editor"',
    body: { errors: [{ message, extensions: { code: "UNAUTHENTICATED" } }] },
  });

  it("a guarded field without a token is answered as a bad token is: 401, WWW-Authenticate, UNAUTHENTICATED, nothing run", async () => {
    const badToken = await ask(MUTATION, {
      authorization: `Bearer nca_AAAAAAAAAAAA_${"A".repeat(43)}`,
    });
    expect(badToken).toEqual(refused("Unknown API token."));
    const issue = await app.gql<{ issue: { id: string } }>(
      "{ issue(volume: 10, number: 15) { id } }",
    );
    const id = issue.data?.issue.id ?? "";
    const preview = payload(
      await app.gql(
        `mutation($id: ID!) { createPreviewToken(id: $id) { ${ERRORS} ... on CreatePreviewTokenSuccess { preview { token } } } }`,
        { id },
        await bearer(tdb.database.db, "editor", "mints a preview"),
      ),
      "createPreviewToken",
    ).preview as { token: string };
    const guarded: [string, Record<string, string>][] = [
      [MUTATION, {}], // a write
      [ADMIN_QUERY, {}], // an admin read
      ["{ archive { month } webhooks { id } }", {}], // beside public fields
      [
        'mutation { ...Write } fragment Write on Mutation { createTag(input: { name: "Spread" }) { __typename } }',
        {},
      ],
      [`mutation { deleteContent(id: "${id}") { __typename } }`, {}],
      [`mutation { createPreviewToken(id: "${id}") { __typename } }`, {}],
      ['{ webhookDeliveries(webhookId: "1") { totalCount } }', {}],
      // A preview token lets its holder read one entry; it is no API token.
      [MUTATION, { "x-preview-token": preview.token }],
    ];
    for (const [query, headers] of guarded) {
      expect(await ask(query, headers), query).toEqual(refused(NEEDS_TOKEN));
    }
    // Nothing ran: the refused writes left no tag behind.
    const tags = await app.gql<{ tag: null }>('{ tag(slug: "scoped") { name } }');
    expect(tags.data?.tag).toBeNull();
  });

  it("a guarded field left out by @include or @skip does not need a token", async () => {
    const query = `query($admin: Boolean!) { archive { month } webhooks @include(if: $admin) { id } skipped: webhooks @skip(if: true) { id } }`;
    const reader = await ask(query, {}, { admin: false });
    expect(reader.status).toBe(200);
    expect(reader.body).toEqual({ data: { archive: [{ month: "2010-04" }] } });
    expect(await ask(query, {}, { admin: true })).toEqual(refused(NEEDS_TOKEN));
    // The check is remembered per document and variables: neither answer sticks to the other.
    expect((await ask(query, {}, { admin: false })).status).toBe(200);
    expect(await ask(query, {}, { admin: true })).toEqual(refused(NEEDS_TOKEN));
  });

  it("FORBIDDEN names the scope that is needed, for each field the token may not use", async () => {
    const editor = await bearer(tdb.database.db, "editor");
    const ok = await app.gql<{ createTag: { __typename: string } }>(MUTATION, undefined, editor);
    expect(ok.data?.createTag.__typename).toBe("CreateTagSuccess");
    const forbidden = await ask("{ archive { month } webhooks { id } }", editor);
    expect(forbidden.status).toBe(200);
    expect(forbidden.wwwAuthenticate).toBeNull();
    expect(forbidden.body).toEqual({
      data: null,
      errors: [
        {
          message: 'This needs an API token with the "admin" scope; yours has "editor".',
          path: ["webhooks"],
          extensions: { code: "FORBIDDEN", requiredScope: "admin" },
        },
      ],
    });
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
