/**
 * How the V8 heap is sized for serving. Under load 16 requests are in flight for a few hundred
 * ms each, so most of a request's objects outlive a pass over V8's default 16 MB young
 * generation, are promoted, and die in the old generation.
 *
 * - The young generation: `npm start` passes `--max-semi-space-size=32` (V8 reads it only at
 *   start-up, so it is a command-line flag, not a setting). Objects then die young: the front
 *   page's CPU per request fell by about a fifth (docs/performance.md, "Memory").
 * - The old generation: V8's own rule lets it grow to about 4× the ~50 MB that survives a full
 *   collection, and the process reached 400–580 MB RSS serving the front page. A heap snapshot
 *   holds no growing set, so the fix is earlier full collections, not a cap: a cap
 *   (--max-old-space-size) would turn a big export into an out-of-memory crash, this only
 *   changes when V8 collects.
 */
import { setFlagsFromString } from "node:v8";

/** The semi-space size `npm start` gives V8, in MB (package.json "start"). */
export const SEMI_SPACE_MB = 32;

export function tuneHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * The semi-space size this process was started with, in MB: from its command line, else from
 * NODE_OPTIONS; null when neither sets one (V8's default, 16 MB on 64-bit).
 */
export function semiSpaceMb(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? "",
): number | null {
  const flags = [...nodeOptions.split(/\s+/), ...execArgv];
  let mb: number | null = null;
  for (const flag of flags) {
    const m = /^--max[-_]semi[-_]space[-_]size=(\d+)$/.exec(flag);
    if (m) mb = Number(m[1]); // the last one wins, as in V8
  }
  return mb;
}
