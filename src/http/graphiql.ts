/**
 * The GraphiQL page: one self-contained document of about 9 MB (the editor inlined), the
 * same for every request. Rendered once, compressed once per encoding (off the event loop,
 * on first demand: 2.4 MB gzip, 1.9 MB Brotli), and sent with an ETag and a lifetime so a
 * browser revalidates it with a 304 instead of downloading it again. The renderer is imported
 * on that first demand too: its module holds the editor's ~10 MB script as a string twice
 * (source and value), about 30 MB of heap a server that never shows GraphiQL should not keep.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "graphql-yoga";
import { negotiateEncoding } from "../feeds/answer.js";

const compress = {
  gzip: (html: Buffer) => promisify(gzip)(html, { level: 9 }),
  br: (html: Buffer) =>
    promisify(brotliCompress)(html, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
};

export interface GraphiQLPageOptions {
  title: string;
  defaultQuery: string;
  endpoint: string;
}

/** Yoga shows GraphiQL to a GET that accepts HTML; this answers those requests itself. */
function wantsPage(request: Request, pathname: string, endpoint: string): boolean {
  return (
    request.method === "GET" &&
    pathname === endpoint &&
    (request.headers.get("accept")?.includes("text/html") ?? false)
  );
}

export function useGraphiQLPage(options: GraphiQLPageOptions): Plugin {
  let rendered: Promise<{ html: Buffer; etag: string }> | undefined;
  const encoded = new Map<"gzip" | "br", Promise<Buffer>>();
  const page = () => {
    rendered ??= import("@graphql-yoga/render-graphiql").then(({ renderGraphiQL }) => {
      const html = Buffer.from(renderGraphiQL(options), "utf8");
      return {
        html,
        etag: `"${createHash("sha256").update(html).digest("base64url").slice(0, 27)}"`,
      };
    });
    return rendered;
  };
  const bodyFor = async (encoding: "gzip" | "br" | null) => {
    const { html } = await page();
    if (!encoding) return html;
    let body = encoded.get(encoding);
    if (!body) {
      body = compress[encoding](html);
      encoded.set(encoding, body);
    }
    return body;
  };
  return {
    async onRequest({ request, url, endResponse }) {
      if (!wantsPage(request, url.pathname, options.endpoint)) return;
      const encoding = negotiateEncoding(request.headers.get("accept-encoding"));
      const body = await bodyFor(encoding);
      const { etag } = await page();
      const tag = encoding ? etag.replace(/"$/, `-${encoding}"`) : etag;
      const headers: Record<string, string> = {
        "content-type": "text/html; charset=utf-8",
        etag: tag,
        "cache-control": "public, max-age=3600",
        vary: "Accept, Accept-Encoding",
      };
      if (
        request.headers
          .get("if-none-match")
          ?.split(",")
          .some((t) => t.trim() === tag)
      ) {
        endResponse(new Response(null, { status: 304, headers }));
        return;
      }
      if (encoding) headers["content-encoding"] = encoding;
      endResponse(new Response(new Uint8Array(body), { status: 200, headers }));
    },
  };
}
