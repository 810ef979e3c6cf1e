/**
 * Long Markdown is rendered and checked in a worker thread, so that one long body cannot hold
 * the event loop (markdown-it and the sanitizer are linear, but a 100,000-character body of
 * emphasis or code runs takes 0.3–0.7 s). Readers' surfaces and editors' writes call
 * prepareMarkdown first; the results land in the memos of renderMarkdown and markupProblem,
 * which then answer at once. Short texts, nearly all of them, are done in place: a thread hop
 * costs more than they do.
 */
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { BUILT, projectPath } from "../paths.js";
import { isPrepared, type Prepared, remember } from "./rich-text.js";

/** From this length on a text is prepared off the event loop (about 10 ms in place at worst). */
export const OFFLOAD_CHARS = 8_000;

let pool: Piscina<string, Prepared> | null = null;
let rendered = 0;

/** How many texts this process has prepared in the worker (tests, diagnostics). */
export const offloadedRenders = () => rendered;

/**
 * The worker's file: its own bundle beside the built server's (dist/render-worker.js), or the
 * TypeScript run through tsx as the sources are (tests, `npm run dev`, the CLI).
 */
export function renderWorker(built = BUILT): { filename: string; execArgv: string[] } {
  return built
    ? { filename: projectPath("dist", "render-worker.js"), execArgv: [] }
    : {
        filename: projectPath("src", "text", "render-worker.ts"),
        execArgv: ["--import", "tsx"],
      };
}

function poolOf(): Piscina<string, Prepared> {
  const { filename, execArgv } = renderWorker();
  pool ??= new Piscina({
    filename: pathToFileURL(filename).href,
    execArgv,
    maxThreads: 1,
    idleTimeout: 10_000,
  });
  return pool;
}

/** Renders under way, so that fields asking for the same text at once share one. */
const pending = new Map<string, Promise<void>>();

function renderOffThread(text: string): Promise<void> {
  let render = pending.get(text);
  if (!render) {
    render = poolOf()
      .run(text)
      .then((result) => {
        remember(result);
        rendered++;
      })
      // A worker that cannot run (no threads left, a crash) costs only the stall it would
      // have spared: renderMarkdown then renders in place.
      .catch(() => undefined)
      .finally(() => pending.delete(text));
    pending.set(text, render);
  }
  return render;
}

/** Render and check the long texts among these in the worker (each once, until evicted). */
export async function prepareMarkdown(texts: Iterable<string | null | undefined>): Promise<void> {
  const long = new Set<string>();
  for (const text of texts)
    if (text && text.length >= OFFLOAD_CHARS && !isPrepared(text)) long.add(text);
  await Promise.all([...long].map(renderOffThread));
}

/** The long strings anywhere in a write's input (nested sections, items, sessions…). */
export function longTexts(value: unknown, found: string[] = []): string[] {
  if (typeof value === "string") {
    if (value.length >= OFFLOAD_CHARS) found.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) longTexts(v, found);
  } else if (value && typeof value === "object" && !(value instanceof Date)) {
    for (const v of Object.values(value)) longTexts(v, found);
  }
  return found;
}

/** Stop the worker (tests and shutdown); the next long text starts another. */
export async function closeMarkdownWorker(): Promise<void> {
  const running = pool;
  pool = null;
  await running?.destroy();
}
