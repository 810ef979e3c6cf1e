// Answers checked under load: autocannon's own connections keep the bytes of one response every
// `everyMs` and compare them with the answer the scenario verified before the run. A server
// that answers fast with the wrong bytes (an error page, a stale or empty result) fails the run.
import type autocannon from "autocannon";
import type { Answer } from "./http.js";

/** Headers whose value must be the same as in the verified answer, when it has them. */
const STABLE_HEADERS = ["content-type", "content-encoding", "etag", "x-cache"] as const;

export interface SampleFigures {
  /** Responses whose status, headers and body were compared with the expected answer. */
  checked: number;
  /** Of those, the ones that differed. */
  wrong: number;
  /** What was wrong with the first that differed. */
  firstWrong?: string;
}

/** What http-parser-js hands autocannon once a response's headers are parsed. */
interface ParsedHead {
  statusCode: number;
  headers: string[];
}

/** The parts of an autocannon client the sampler hooks into (autocannon 7–9). */
interface ClientInternals {
  pipelinedRequests?: { addBody?: (chunk: Buffer) => void };
  on(event: "headers", listener: (head: ParsedHead) => void): unknown;
  on(event: "response", listener: () => void): unknown;
}

function headersOf(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2)
    out[(flat[i] ?? "").toLowerCase()] = flat[i + 1] ?? "";
  return out;
}

/** Why `got` is not `expected`, or null when it is the same answer. */
function difference(
  expected: Answer,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
) {
  if (status !== expected.status) return `HTTP ${status} instead of ${expected.status}`;
  for (const name of STABLE_HEADERS) {
    const want = expected.headers[name];
    if (want !== undefined && headers[name] !== want)
      return `${name}: ${headers[name] ?? "(absent)"} instead of ${want}`;
  }
  if (!body.equals(expected.body)) {
    const head = body.subarray(0, 120).toString("utf8");
    return `a ${body.length}-byte body instead of the ${expected.body.length} bytes expected: ${head}`;
  }
  return null;
}

/**
 * One sampler per run. `setupClient` replaces autocannon's body accumulation (which decodes every
 * chunk as UTF-8 into a string and made the load generator the bottleneck on binary bodies) by
 * keeping only the chunks of the sampled responses, as Buffers.
 */
export class AnswerSampler {
  readonly figures: SampleFigures = { checked: 0, wrong: 0 };
  private nextAt = 0;
  /** Set when a client had no body queue to replace (another autocannon version). */
  bodiesKept = false;

  constructor(
    private readonly expected: Answer,
    private readonly everyMs: number,
  ) {}

  setupClient = (client: autocannon.Client): void => {
    const c = client as unknown as ClientInternals;
    const queue = c.pipelinedRequests;
    if (!queue || typeof queue.addBody !== "function") {
      this.bodiesKept = true;
      return;
    }
    // Pipelining 1: a connection has one response in flight, so per-client state is enough.
    let sampling = false;
    let head: ParsedHead = { statusCode: 0, headers: [] };
    let chunks: Buffer[] = [];
    c.on("headers", (parsed) => {
      const now = performance.now();
      sampling = now >= this.nextAt;
      if (!sampling) return;
      this.nextAt = now + this.everyMs;
      head = parsed;
      chunks = [];
    });
    queue.addBody = (chunk) => {
      if (sampling) chunks.push(Buffer.from(chunk)); // the parser reuses its buffer
    };
    c.on("response", () => {
      if (!sampling) return;
      sampling = false;
      this.record(head, Buffer.concat(chunks));
    });
  };

  private record(head: ParsedHead, body: Buffer): void {
    this.figures.checked++;
    const wrong = difference(this.expected, head.statusCode, headersOf(head.headers), body);
    if (!wrong) return;
    this.figures.wrong++;
    this.figures.firstWrong ??= wrong;
  }
}
