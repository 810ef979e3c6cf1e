/**
 * Sessions of the /admin app (issue 18): signing in with an API token sets a session cookie
 * and returns its CSRF secret; the cookie makes a GraphQL request an editor's only together
 * with that secret in X-CSRF-Token, so a reader's request (or a cross-site form) carrying the
 * cookie stays anonymous. Expired, ended and revoked sessions are refused like a bad token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeTokens } from "../../src/auth/store.js";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

const CREATE = `mutation($input: AnnouncementInput!) {
  createAnnouncement(input: $input) { __typename ... on CreateAnnouncementSuccess { announcement { id } } }
}`;
const DRAFTS = `{ announcements(filter: { status: [DRAFT] }) { edges { node { id title } } } }`;

interface SignedIn {
  cookie: string;
  csrf: string;
  setCookies: string[];
}

describe.each(backends())("/admin sessions on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  const clock = new TestClock(new Date("2026-12-03T09:00:00Z"));
  let token: string;
  let prefix: string;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    const made = await bearer(tdb.database.db, "editor", "Alice");
    token = made.authorization.replace(/^Bearer /, "");
    prefix = made.prefix;
  });
  afterAll(() => tdb.drop());

  const signIn = async (t = token, headers: Record<string, string> = {}) =>
    app.fetch("/admin/session", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ token: t }),
    });

  const signedIn = async (t = token): Promise<SignedIn> => {
    const response = await signIn(t);
    expect(response.status).toBe(200);
    const setCookies = response.headers.getSetCookie();
    const pairs = setCookies.map((c) => c.split(";")[0] as string);
    const body = (await response.json()) as { csrf: string };
    return { cookie: pairs.join("; "), csrf: body.csrf, setCookies };
  };

  const gql = (query: string, headers: Record<string, string>, variables?: object) =>
    app.gql<Record<string, unknown>>(query, variables as Record<string, unknown>, headers);

  it("signs in with an API token: HttpOnly, Secure, SameSite=Strict __Host- cookie and a CSRF secret", async () => {
    const response = await signIn();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { editor: { name: string }; csrf: string };
    expect(body.editor.name).toBe("Alice");
    expect(body.csrf).toMatch(/^[0-9a-f]{64}$/);
    const [session, csrf] = response.headers.getSetCookie();
    expect(session).toMatch(
      /^__Host-nca_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; SameSite=Strict; HttpOnly; Secure$/,
    );
    expect(csrf).toBe(
      `__Host-nca_csrf=${body.csrf}; Path=/; Max-Age=43200; SameSite=Strict; Secure`,
    );
  });

  it("signs in from a plain form too (303 back to the app)", async () => {
    const response = await app.fetch("/admin/session", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/admin/");
    expect(response.headers.getSetCookie()).toHaveLength(2);
  });

  it("refuses a wrong, malformed or missing token, and sets no cookie", async () => {
    const wrong = `nca_${prefix}_${"x".repeat(43)}`;
    for (const [t, status] of [
      [wrong, 401],
      ["nca_nope", 401],
      ["", 400],
    ] as const) {
      const response = await signIn(t);
      expect(response.status).toBe(status);
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    const body = (await (await signIn(wrong)).json()) as { error: string };
    expect(body.error).toBe("Unknown API token.");
  });

  it("refuses a sign-in from another site (login CSRF)", async () => {
    const other = await signIn(token, { origin: "https://evil.example" });
    expect(other.status).toBe(403);
    expect(other.headers.getSetCookie()).toEqual([]);
    expect((await signIn(token, { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await signIn(token, { origin: "http://test" })).status).toBe(200);
  });

  it("makes the app's GraphQL requests (cookie + X-CSRF-Token) an editor's", async () => {
    const s = await signedIn();
    const made = await gql(
      CREATE,
      { cookie: s.cookie, "x-csrf-token": s.csrf },
      { input: { kind: "NEWS", title: "Session draft" } },
    );
    expect(made.status).toBe(200);
    expect(made.data?.createAnnouncement).toMatchObject({
      __typename: "CreateAnnouncementSuccess",
    });
    const drafts = await gql(DRAFTS, { cookie: s.cookie, "x-csrf-token": s.csrf });
    expect(JSON.stringify(drafts.data)).toContain("Session draft");
  });

  it("never makes a reader's request (the cookie without X-CSRF-Token) an editor's", async () => {
    const s = await signedIn();
    // A read: anonymous, drafts invisible.
    const read = await gql(DRAFTS, { cookie: s.cookie });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.data)).not.toContain("Session draft");
    // A write, as a cross-site form or fetch would send it: refused as having no token.
    const write = await gql(
      CREATE,
      { cookie: s.cookie },
      { input: { kind: "NEWS", title: "Forged" } },
    );
    expect(write.status).toBe(401);
    expect(write.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // A form post to /graphql is refused outright (as before).
    const form = await app.fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: s.cookie },
      body: "query=mutation{deleteContent(id:%22QW5ub3VuY2VtZW50OjM%22){__typename}}",
    });
    expect(form.status).toBe(415);
  });

  it("refuses a wrong or missing CSRF secret, and a CSRF secret without the cookie", async () => {
    const s = await signedIn();
    const other = await signedIn();
    const input = { input: { kind: "NEWS", title: "Forged" } };
    const cases: Record<string, string>[] = [
      { cookie: s.cookie, "x-csrf-token": "0".repeat(64) },
      { cookie: s.cookie, "x-csrf-token": other.csrf },
      { cookie: s.cookie, "x-csrf-token": "" },
      { "x-csrf-token": s.csrf },
    ];
    for (const headers of cases) {
      const answer = await gql(CREATE, headers, input);
      expect(answer.status).toBe(401);
      expect(answer.data).toBeUndefined();
      expect(answer.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });

  it("answers who is signed in, with the CSRF secret, to the app", async () => {
    const s = await signedIn();
    const me = (await (
      await app.fetch("/admin/session", { headers: { cookie: s.cookie } })
    ).json()) as {
      editor: { name: string; scopes: string[] } | null;
      csrf: string;
    };
    expect(me).toEqual({ editor: { name: "Alice", scopes: ["editor"] }, csrf: s.csrf });
    const none = await (await app.fetch("/admin/session")).json();
    expect(none).toEqual({ editor: null });
  });

  it("ends a session after 12 hours", async () => {
    const s = await signedIn();
    const headers = { cookie: s.cookie, "x-csrf-token": s.csrf };
    expect((await gql(DRAFTS, headers)).status).toBe(200);
    const start = clock.current;
    clock.current = new Date(start.getTime() + 12 * 3600_000 - 1000);
    expect((await gql(DRAFTS, headers)).status).toBe(200);
    clock.current = new Date(start.getTime() + 12 * 3600_000 + 1000);
    try {
      const expired = await gql(DRAFTS, headers);
      expect(expired.status).toBe(401);
      expect(expired.errors?.[0]?.message).toMatch(/expired or ended/);
    } finally {
      clock.current = start;
    }
  });

  it("signs out: the session is gone, and signing out needs the CSRF secret", async () => {
    const s = await signedIn();
    const headers = { cookie: s.cookie, "x-csrf-token": s.csrf };
    const forged = await app.fetch("/admin/session", {
      method: "DELETE",
      headers: { cookie: s.cookie },
    });
    expect(forged.status).toBe(403);
    expect((await gql(DRAFTS, headers)).status).toBe(200);
    const out = await app.fetch("/admin/session", { method: "DELETE", headers });
    expect(out.status).toBe(200);
    const cleared = out.headers.getSetCookie();
    expect(cleared[0]).toMatch(/^__Host-nca_session=; Path=\/; Max-Age=0;/);
    expect(cleared[1]).toMatch(/^__Host-nca_csrf=; Path=\/; Max-Age=0;/);
    const after = await gql(DRAFTS, headers);
    expect(after.status).toBe(401);
  });

  it("dies with its token: revoking the token refuses its sessions at once", async () => {
    const made = await bearer(tdb.database.db, "editor", "Bob");
    const s = await signedIn(made.authorization.replace(/^Bearer /, ""));
    const headers = { cookie: s.cookie, "x-csrf-token": s.csrf };
    expect((await gql(DRAFTS, headers)).status).toBe(200);
    await revokeTokens(tdb.database.db, { prefix: made.prefix }, clock.now());
    const revoked = await gql(DRAFTS, headers);
    expect(revoked.status).toBe(401);
    expect(revoked.errors?.[0]?.message).toMatch(/revoked/);
    const me = await (await app.fetch("/admin/session", { headers: { cookie: s.cookie } })).json();
    expect(me).toEqual({ editor: null });
  });

  it("keeps editors' answers private: never cached or shared", async () => {
    const s = await signedIn();
    const url = `/graphql?query=${encodeURIComponent(DRAFTS)}`;
    const answer = await app.fetch(url, {
      headers: { cookie: s.cookie, "x-csrf-token": s.csrf, accept: "application/json" },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("private, no-store");
    expect(await answer.text()).toContain("Session draft");
  });
});

describe("/admin sessions over plain http (a development server)", () => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite");
    app = testApp(tdb, {
      urls: { site: "http://localhost:4000", public: "http://localhost:4000" },
    });
  });
  afterAll(() => tdb.drop());

  it("uses plain cookie names without Secure", async () => {
    const { authorization } = await bearer(tdb.database.db, "admin");
    const response = await app.fetch("/admin/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: authorization.replace(/^Bearer /, "") }),
    });
    const [session, csrf] = response.headers.getSetCookie();
    expect(session).toMatch(
      /^nca_session=[^;]+; Path=\/; Max-Age=43200; SameSite=Strict; HttpOnly$/,
    );
    expect(csrf).toMatch(/^nca_csrf=[0-9a-f]{64}; Path=\/; Max-Age=43200; SameSite=Strict$/);
    const body = (await response.json()) as { editor: { scopes: string[] } };
    expect(body.editor.scopes).toEqual(["editor", "admin"]);
  });
});
