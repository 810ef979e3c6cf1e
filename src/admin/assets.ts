/**
 * The /admin app's files: bundled from src/admin/client by esbuild in this process, once, on
 * first demand (so `npm install && npm start` serves it; nothing is built into the repository),
 * then kept in memory with a hash in their names. Each file is compressed once per encoding.
 * Scripts and styles are files, never inline: the page's CSP allows only 'self'.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { negotiateEncoding } from "../feeds/answer.js";
import { projectPath } from "../paths.js";

const ENTRY = projectPath("src", "admin", "client", "main.tsx");

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  encoded: Map<"gzip" | "br", Promise<Buffer>>;
}

interface Bundle {
  /** By file name (`main-3FJ2K.js`). */
  files: Map<string, Asset>;
  page: Asset;
}

const compress = {
  gzip: (b: Buffer) => promisify(gzip)(b, { level: 9 }),
  br: (b: Buffer) =>
    promisify(brotliCompress)(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
};

const assetOf = (body: Buffer, type: string): Asset => ({
  body,
  type,
  etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
  encoded: new Map(),
});

/** The one HTML page: the same for every app path; the app routes in the browser. */
function pageHtml(script: string, style: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Newsletter archive – editor</title>
${style ? `<link rel="stylesheet" href="/admin/assets/${style}">\n` : ""}<script type="module" src="/admin/assets/${script}"></script>
</head>
<body>
<div id="app"><noscript>The editor needs JavaScript.</noscript></div>
</body>
</html>
`;
}

async function build(): Promise<Bundle> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    format: "esm",
    target: ["es2020"],
    jsx: "automatic",
    jsxImportSource: "preact",
    entryNames: "[name]-[hash]",
    outdir: "/admin-assets",
    write: false,
    legalComments: "none",
    logLevel: "silent",
  });
  const files = new Map<string, Asset>();
  let script: string | undefined;
  let style: string | undefined;
  for (const out of result.outputFiles) {
    const name = basename(out.path);
    const ext = name.slice(name.lastIndexOf("."));
    const type = TYPES[ext];
    if (!type) continue;
    files.set(name, assetOf(Buffer.from(out.contents), type));
    if (ext === ".js") script = name;
    if (ext === ".css") style = name;
  }
  if (!script) throw new Error("the admin bundle has no script");
  const page = assetOf(Buffer.from(pageHtml(script, style), "utf8"), "text/html; charset=utf-8");
  return { files, page };
}

/** The app's files, built once (a failed build is retried on the next request). */
export function adminAssets() {
  let bundle: Promise<Bundle> | undefined;
  const get = () => {
    if (!bundle) {
      bundle = build();
      bundle.catch(() => {
        bundle = undefined;
      });
    }
    return bundle;
  };

  async function answer(request: Request, asset: Asset, cacheControl: string): Promise<Response> {
    const encoding = negotiateEncoding(request.headers.get("accept-encoding"));
    const tag = encoding ? asset.etag.replace(/"$/, `-${encoding}"`) : asset.etag;
    const headers: Record<string, string> = {
      "content-type": asset.type,
      etag: tag,
      "cache-control": cacheControl,
      vary: "Accept-Encoding",
    };
    const match = request.headers.get("if-none-match");
    if (match?.split(",").some((t) => t.trim() === tag)) {
      return new Response(null, { status: 304, headers });
    }
    let body = asset.body;
    if (encoding) {
      let pending = asset.encoded.get(encoding);
      if (!pending) {
        pending = compress[encoding](asset.body);
        asset.encoded.set(encoding, pending);
      }
      body = await pending;
      headers["content-encoding"] = encoding;
    }
    const head = request.method === "HEAD";
    return new Response(head ? null : new Uint8Array(body), { status: 200, headers });
  }

  return {
    /** Build now (at start-up), so the first editor does not wait. */
    warm: () => get().then(() => undefined),
    /** Sizes of the built files, raw and compressed (for tests and docs). */
    async sizes() {
      const { files } = await get();
      const out: Record<string, { raw: number; gzip: number; br: number }> = {};
      for (const [name, a] of files) {
        out[name] = {
          raw: a.body.length,
          gzip: (await compress.gzip(a.body)).length,
          br: (await compress.br(a.body)).length,
        };
      }
      return out;
    },
    /** A file under /admin/assets/ (hashed names: kept a year), or the page for any app path. */
    async serve(request: Request, path: string): Promise<Response> {
      if (request.method !== "GET" && request.method !== "HEAD") {
        return new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
      }
      const { files, page } = await get();
      if (path.startsWith("/admin/assets/")) {
        const asset = files.get(path.slice("/admin/assets/".length));
        if (!asset) {
          return new Response("Not found.\n", {
            status: 404,
            headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
          });
        }
        return answer(request, asset, "public, max-age=31536000, immutable");
      }
      // The page names the current files: revalidate it every time (a 304 when unchanged).
      return answer(request, page, "no-cache");
    },
  };
}
