import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { ResponseStore } from "../cache/response-store.js";
import type { FeedCache, RenderedFeed } from "../feeds/cache.js";
import type { FeedSettings } from "../feeds/documents.js";
import { feedAnswer, feedAnswerKey, feedCacheKey } from "../feeds/routes.js";
import { cacheKey, type Params, PERSONAL_HEADERS } from "../graphql/plugins/response-cache.js";
import { securityHeaders } from "./security-headers.js";

export interface FastLaneOptions {
  feeds: { cache: FeedCache; settings: FeedSettings };
  /** The response cache's store; absent when the response cache is off. */
  answers?: ResponseStore;
  clock: () => Date;
  https: boolean;
}

export interface FastLane {
  /**
   * Answer from a cache when possible (true), else leave the request to the app (false);
   * synchronous for feeds, a promise when a body must be read first.
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  /** Answers served here, by kind (for tests and curiosity). */
  readonly served: { feeds: number; answers: number };
}

/** Bodies the lane reads itself; anything larger goes the whole way. */
const MAX_LANE_BODY = 64 * 1024;
/** Bound on memoised paths and on answers kept per cached feed document. */
const MEMO_LIMIT = 256;

/** A finished answer: status, every header (security ones included) and body. */
interface Prepared {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

/**
 * Cache hits answered at node:http, before the Fetch-API request, Yoga's pipeline and its
 * plugins: the same bytes and headers the full path sends for the same hit (tests compare
 * the two), at a fraction of the cost. Anything this lane is not sure about — cross-origin
 * requests (CORS), personal headers, streaming Accept types, large or chunked bodies, misses —
 * takes the full path, with the body already read handed over as `req.body`.
 */
export function createFastLane(options: FastLaneOptions): FastLane {
  const served = { feeds: 0, answers: 0 };
  const prepare = (status: number, headers: Record<string, string>, body: Buffer | null) => ({
    status,
    headers: Object.assign(
      headers,
      securityHeaders(headers["content-type"] ?? null, options.https),
    ),
    body,
  });
  const write = (res: ServerResponse, answer: Prepared) => {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };

  // Feed readers poll the same few URLs with the same headers: the parsed path, and each
  // document's answers per (method, path, encoding, validators, freshness), are kept until the
  // document leaves the cache (a new document is a new object: old answers go with the old one).
  const feedKeys = new Map<string, string | null>();
  const feedAnswers = new WeakMap<RenderedFeed, Map<string, Prepared>>();

  function serveFeed(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    let key = feedKeys.get(path);
    if (key === undefined) {
      key = feedCacheKey(path);
      if (feedKeys.size >= MEMO_LIMIT) feedKeys.clear();
      feedKeys.set(path, key);
    }
    if (key === null) return false;
    const now = options.clock();
    const feed = options.feeds.cache.peek(key, now);
    if (!feed) return false;
    const request = {
      method: req.method as string,
      pathname: path,
      header: (n: string) => single(req, n),
    };
    const answerKey = feedAnswerKey(feed, request, now);
    let answers = feedAnswers.get(feed);
    let answer = answers?.get(answerKey);
    if (!answer) {
      const a = feedAnswer(feed, request, now, options.feeds.settings);
      answer = prepare(a.status, a.headers, a.body);
      if (!answers) {
        answers = new Map();
        feedAnswers.set(feed, answers);
      }
      if (answers.size >= MEMO_LIMIT) answers.clear();
      answers.set(answerKey, answer);
    }
    served.feeds++;
    write(res, answer);
    return true;
  }

  async function serveAnswer(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const store = options.answers;
    const type = responseType(single(req, "accept"));
    const length = Number(req.headers["content-length"]);
    if (
      !store ||
      !type ||
      !/^application\/json\b/i.test(req.headers["content-type"] ?? "") ||
      !(length > 0 && length <= MAX_LANE_BODY) ||
      PERSONAL_HEADERS.some((h) => req.headers[h] !== undefined)
    )
      return false;
    const body = await readBody(req);
    if (!body) {
      // The client went away mid-body: nobody to answer.
      res.destroy();
      return true;
    }
    // From here on the stream is spent: the full path reads the body from `req.body`.
    (req as IncomingMessage & { body?: Buffer }).body = body;
    let params: Params;
    try {
      params = JSON.parse(body.toString("utf8")) as Params;
    } catch {
      return false;
    }
    if (!params || typeof params !== "object" || Array.isArray(params)) return false;
    const key = cacheKey(params);
    if (!key) return false;
    const hit = await store.get(key, options.clock().getTime()).catch(() => null);
    if (!hit) return false;
    served.answers++;
    const bytes = Buffer.from(hit, "utf8");
    write(
      res,
      prepare(
        200,
        {
          "content-type": `${type}; charset=utf-8`,
          "content-length": String(bytes.length),
          "x-cache": "HIT",
        },
        bytes,
      ),
    );
    return true;
  }

  return {
    served,
    serve(req, res) {
      if (req.headers.origin !== undefined) return false;
      const url = req.url ?? "/";
      const q = url.indexOf("?");
      const path = q < 0 ? url : url.slice(0, q);
      if ((req.method === "GET" || req.method === "HEAD") && path.startsWith("/feeds/"))
        return serveFeed(req, res, path);
      if (req.method === "POST" && url === "/graphql") return serveAnswer(req, res);
      return false;
    },
  };
}

/** Put the lane in front of a request listener. */
export function withFastLane(lane: FastLane, next: RequestListener): RequestListener {
  return (req, res) => {
    let outcome: boolean | Promise<boolean>;
    try {
      outcome = lane.serve(req, res);
    } catch {
      outcome = false;
    }
    if (outcome === true) return;
    if (outcome === false) {
      if (!res.headersSent) next(req, res);
      return;
    }
    outcome.then(
      (done) => {
        if (!done) next(req, res);
      },
      () => {
        if (!res.headersSent) next(req, res);
      },
    );
  };
}

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
