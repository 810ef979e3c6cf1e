import type { IncomingMessage } from "node:http";
import { CLIENT_GONE, type FastAnswer } from "../feature.js";
import { cacheKey, type Params, PERSONAL_HEADERS } from "./key.js";
import type { ResponseStore } from "./store.js";

/** Bodies the lane reads itself; anything larger goes the whole way. */
const MAX_LANE_BODY = 64 * 1024;

function single(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? null);
}

/**
 * The media type Yoga answers a plain POST with: the first of the Accept list it can produce
 * (order wins, q is not consulted), application/json when there is no Accept. Null for
 * anything else (event streams, multipart, HTML): the full path decides those.
 */
function responseType(accept: string | null): string | null {
  if (accept === null || accept.trim() === "") return "application/json";
  for (const part of accept.split(",")) {
    const media = part.split(";")[0]?.trim().toLowerCase();
    if (media === "application/graphql-response+json") return media;
    if (media === "application/json" || media === "*/*") return "application/json";
    return null;
  }
  return null;
}

/** The whole body (already bounded by Content-Length), or null if the client went away. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", () => resolve(null));
    req.once("aborted", () => resolve(null));
  });
}

/** A plain JSON POST the lane may answer: small, with a known length, nothing personal. */
function laneable(req: IncomingMessage): boolean {
  const length = Number(req.headers["content-length"]);
  return (
    req.method === "POST" &&
    /^application\/json\b/i.test(req.headers["content-type"] ?? "") &&
    length > 0 &&
    length <= MAX_LANE_BODY &&
    !PERSONAL_HEADERS.some((h) => req.headers[h] !== undefined)
  );
}

/**
 * Cached GraphQL answers for the fast lane: the same bytes the full path sends for the same
 * hit. Once the lane has read a body it hands it on as `req.body` for the full path.
 */
export function fastAnswers(store: ResponseStore, clock: () => Date) {
  return async (req: IncomingMessage): Promise<FastAnswer | null> => {
    const type = responseType(single(req, "accept"));
    // A query string, CORS, a streaming or unknown Accept: the full path decides.
    if (req.url !== "/graphql" || !type || !laneable(req)) return null;
    const body = await readBody(req);
    if (!body) return CLIENT_GONE;
    // From here on the stream is spent: the full path reads the body from `req.body`.
    (req as IncomingMessage & { body?: Buffer }).body = body;
    let params: Params;
    try {
      params = JSON.parse(body.toString("utf8")) as Params;
    } catch {
      return null;
    }
    if (!params || typeof params !== "object" || Array.isArray(params)) return null;
    const key = cacheKey(params);
    const hit = key ? await store.get(key, clock().getTime()).catch(() => null) : null;
    if (!hit) return null;
    const bytes = Buffer.from(hit.body, "utf8");
    const headers = {
      "content-type": `${type}; charset=utf-8`,
      "content-length": String(bytes.length),
      "x-cache": "HIT",
      // As the full path says of every POST answer (src/http/cache-headers.ts): HTTP caches keep GETs.
      "cache-control": "no-store",
    };
    return { status: 200, headers, body: bytes };
  };
}
