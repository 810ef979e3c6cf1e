import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Plugin } from "graphql-yoga";
import { tooLargeBody } from "../errors.js";

const TOO_LARGE_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  connection: "close",
};

/** Refuse a declared Content-Length over the limit before reading anything (also under app.fetch). */
export function useBodyLimit(limit: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const declared = Number(request.headers.get("content-length") ?? "0");
      if (declared > limit) {
        endResponse(new Response(tooLargeBody(limit), { status: 413, headers: TOO_LARGE_HEADERS }));
      }
    },
  };
}

/**
 * At the socket: a body sent without Content-Length (chunked) is counted as it arrives and
 * the request is cut at the limit, so no one can stream an endless body into the parser.
 */
export function limitBodies(handler: RequestListener, limit: number): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    // Absolute-form targets ("GET http://host/feeds/all.rss", RFC 9112 §3.2.2) mean the path.
    if (req.url && /^https?:\/\//i.test(req.url)) {
      try {
        const target = new URL(req.url);
        req.url = `${target.pathname}${target.search}`;
      } catch {
        req.url = "/";
      }
    }
    if (!req.headers["content-length"] && req.headers["transfer-encoding"]) {
      let seen = 0;
      req.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > limit && !res.headersSent) {
          res.writeHead(413, TOO_LARGE_HEADERS);
          res.end(tooLargeBody(limit));
          req.destroy();
        }
      });
    }
    handler(req, res);
  };
}
