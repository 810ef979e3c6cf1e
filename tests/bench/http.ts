// One request with node:http, keeping the raw bytes (no decompression), as autocannon sees them.
import { request } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

/** What a scenario sends; the same object drives the probe, autocannon and the baseline. */
export interface BenchRequest {
  method: "GET" | "HEAD" | "POST";
  /** Path and query, e.g. `/graphql` or `/feeds/all.atom`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A response exactly as it came over the wire. */
export interface Answer {
  status: number;
  /** Lower-case names; repeated headers joined with ", " (none of ours repeat). */
  headers: Record<string, string>;
  body: Buffer;
}

/** Send one request to `base` (http://host:port) and collect the answer. */
export function send(base: string, req: BenchRequest, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers["content-length"] = Buffer.byteLength(req.body);
    const r = request(new URL(req.path, base), { method: req.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const out: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
        }
        resolvePromise({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) });
      });
    });
    r.setTimeout(timeoutMs, () =>
      r.destroy(new Error(`${req.method} ${req.path}: no answer in ${timeoutMs} ms`)),
    );
    r.on("error", reject);
    r.end(req.body);
  });
}

/** The body as text, decompressed according to its Content-Encoding. */
export function textOf(answer: Answer): string {
  const encoding = answer.headers["content-encoding"];
  if (encoding === "gzip") return gunzipSync(answer.body).toString("utf8");
  if (encoding === "br") return brotliDecompressSync(answer.body).toString("utf8");
  return answer.body.toString("utf8");
}

/** POST a GraphQL document and return `data`; throws with the server's errors otherwise. */
export async function graphql<T>(
  base: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const answer = await send(base, graphqlRequest(query, variables));
  return dataOf<T>(answer);
}

/** The request a typical GraphQL client sends (JSON body, GraphQL-over-HTTP Accept). */
export function graphqlRequest(
  query: string,
  variables: Record<string, unknown> = {},
): BenchRequest {
  return {
    method: "POST",
    path: "/graphql",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
    },
    body: JSON.stringify({ query, variables }),
  };
}

/** `data` of a GraphQL answer, or an error naming the status and the first error message. */
export function dataOf<T>(answer: Answer): T {
  let parsed: { data?: T | null; errors?: { message: string }[] };
  const text = textOf(answer);
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`HTTP ${answer.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (answer.status !== 200 || parsed.errors?.length || !parsed.data) {
    const first = parsed.errors?.[0]?.message ?? "no data";
    throw new Error(`HTTP ${answer.status}: ${first}`);
  }
  return parsed.data;
}
