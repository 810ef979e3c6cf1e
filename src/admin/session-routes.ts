/**
 * /admin/session: sign in with an API token (a session cookie and its CSRF secret), ask who
 * is signed in, sign out. The session itself is checked where every credential is: in
 * src/auth/viewer.ts.
 */
import type { IncomingMessage } from "node:http";
import type { Keys } from "../auth/keys.js";
import {
  CSRF_HEADER,
  cookieNames,
  csrfMatches,
  csrfOf,
  endSession,
  readCookie,
  SESSION_TTL_MS,
  sessionToken,
  startSession,
} from "../auth/sessions.js";
import type { TokenRow } from "../auth/store.js";
import { verifyApiToken } from "../auth/viewer.js";
import type { Db } from "../db/client.js";
import { clientAddress } from "../http/client-address.js";
import type { RateLimiter } from "../limits/rate-limiter.js";
import type { Logger } from "../logger.js";

export interface SessionRouteOptions {
  db: Db;
  logger: Logger;
  keys: () => Keys;
  clock: () => Date;
  /** Served over https (PUBLIC_URL): `__Host-` cookies with Secure. */
  https: boolean;
  /** The API's public origin, besides the request's own, that may sign in. */
  publicUrl: string;
  /** Proxies in front that append to X-Forwarded-For (0: the socket's address is the client). */
  trustProxy: number;
  /** Failed sign-ins per client address (src/admin/install.ts makes it). */
  signInLimiter: RateLimiter;
}

export const SESSION_PATH = "/admin/session";
const END_PATH = "/admin/session/end";

const json = (status: number, body: unknown, headers: HeadersInit = {}) => {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  h.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { status, headers: h });
};

const refusal = (status: number, message: string, headers: HeadersInit = {}) =>
  json(status, { error: message }, headers);

function who(row: TokenRow) {
  return { name: row.name, scopes: row.scope === "admin" ? ["editor", "admin"] : ["editor"] };
}

/**
 * A sign-in or sign-out from another site is refused (login CSRF: a page signing a visitor
 * in as someone else). Browsers send Origin on every POST and DELETE, and Sec-Fetch-Site.
 */
function crossSite(request: Request, url: URL, publicUrl: string): boolean {
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (origin == null) return false;
  return origin !== url.origin && origin !== new URL(publicUrl).origin;
}

/** The token or CSRF field of a JSON or form body; null when absent or unreadable. */
async function field(request: Request, name: string): Promise<string | null> {
  const type = request.headers.get("content-type")?.toLowerCase() ?? "";
  try {
    if (type.startsWith("application/json")) {
      const body = (await request.json()) as unknown;
      const value =
        body && typeof body === "object" ? (body as Record<string, unknown>)[name] : null;
      return typeof value === "string" ? value.trim() : null;
    }
    if (
      type.startsWith("application/x-www-form-urlencoded") ||
      type.startsWith("multipart/form-data")
    ) {
      const value = (await request.formData()).get(name);
      return typeof value === "string" ? value.trim() : null;
    }
  } catch {
    return null;
  }
  return null;
}

/** The routes' handler. */
export function sessionHandler(o: SessionRouteOptions) {
  const names = cookieNames(o.https);
  const attributes = (maxAge: number, httpOnly: boolean) =>
    `; Path=/; Max-Age=${maxAge}; SameSite=Strict${httpOnly ? "; HttpOnly" : ""}${o.https ? "; Secure" : ""}`;
  const cookies = (id: string, csrf: string) => {
    const h = new Headers();
    const age = Math.floor(SESSION_TTL_MS / 1000);
    h.append("set-cookie", `${names.session}=${id}${attributes(age, true)}`);
    h.append("set-cookie", `${names.csrf}=${csrf}${attributes(age, false)}`);
    return h;
  };
  const cleared = () => {
    const h = new Headers();
    h.append("set-cookie", `${names.session}=${attributes(0, true)}`);
    h.append("set-cookie", `${names.csrf}=${attributes(0, false)}`);
    return h;
  };

  async function signIn(request: Request, client: string): Promise<Response> {
    const form = !(request.headers.get("content-type") ?? "").includes("json");
    const token = await field(request, "token");
    if (!token) return refusal(400, 'Send the API token as {"token": "nca_…"} (or a form field).');
    const now = o.clock();
    // Every attempt takes a token before the check, so parallel guesses cannot slip past the
    // limit; a sign-in that succeeds gives its token back: only failures count.
    const decision = await o.signInLimiter.take(client, now);
    if (!decision.ok) {
      o.logger.warn({ client }, "admin sign-in refused: too many failed attempts");
      const s = decision.retryAfterS;
      return json(
        429,
        {
          error: `Too many failed sign-ins from your address; try again in ${s} s.`,
          code: "RATE_LIMITED",
          retryAfter: s,
        },
        { "retry-after": String(s) },
      );
    }
    let row: TokenRow;
    try {
      row = await verifyApiToken(o.db, token, { client }, o.logger);
    } catch (error) {
      return refusal(401, (error as Error).message);
    }
    await o.signInLimiter.refund(client, now);
    const session = await startSession(o.db, row, now, o.keys().session);
    o.logger.info(
      { audit: "admin sign-in", by: row.name, tokenId: row.id },
      `audit: "${row.name}" signed in to /admin`,
    );
    const headers = cookies(session.id, session.csrf);
    // A plain form post (no JavaScript) goes back to the app.
    if (form) {
      headers.set("location", "/admin/");
      headers.set("cache-control", "no-store");
      return new Response(null, { status: 303, headers });
    }
    const body = { editor: who(row), csrf: session.csrf, expiresAt: session.expiresAt };
    return json(200, body, headers);
  }

  async function current(request: Request): Promise<Response> {
    const id = readCookie(request, names.session);
    const row = id ? await sessionToken(o.db, id, o.clock()) : null;
    if (!id || !row || row.revokedAt) return json(200, { editor: null }, id ? cleared() : {});
    return json(200, { editor: who(row), csrf: csrfOf(o.keys().session, id) });
  }

  async function signOut(request: Request, csrf: string | null): Promise<Response> {
    const id = readCookie(request, names.session);
    if (!id) return json(200, { editor: null }, cleared());
    if (!csrf || !csrfMatches(o.keys().session, id, csrf)) {
      return refusal(403, `Signing out needs the session's CSRF secret (${CSRF_HEADER}).`);
    }
    await endSession(o.db, id, o.clock());
    return json(200, { editor: null }, cleared());
  }

  return async (request: Request, url: URL, req?: IncomingMessage): Promise<Response | null> => {
    const path = url.pathname;
    if (path !== SESSION_PATH && path !== END_PATH) return null;
    const method = request.method;
    if (method !== "GET" && crossSite(request, url, o.publicUrl)) {
      return refusal(403, "Signing in or out of /admin from another site is refused.");
    }
    if (path === SESSION_PATH && method === "POST") {
      return signIn(request, clientAddress(request, req, o.trustProxy));
    }
    if (path === SESSION_PATH && method === "GET") return current(request);
    if (path === SESSION_PATH && method === "DELETE") {
      return signOut(request, request.headers.get(CSRF_HEADER));
    }
    if (path === END_PATH && method === "POST") {
      return signOut(request, request.headers.get(CSRF_HEADER) ?? (await field(request, "csrf")));
    }
    return refusal(405, `${method} is not allowed here.`, { allow: "GET, POST, DELETE" });
  };
}
