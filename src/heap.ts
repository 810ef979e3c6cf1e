/**
 * How far the V8 heap may grow past what survived the last full collection. Under load most of
 * a request's objects outlive a young-generation pass (16 requests in flight for a few hundred
 * ms each), so they are promoted and die in the old generation; V8's own rule then lets it grow
 * to about 4× the ~50 MB live, and the process reached 400–580 MB RSS serving the front page.
 * The heap after a full collection stays at ~50 MB (a heap snapshot holds no growing set), so
 * the fix is earlier full collections, not a cap: a cap (--max-old-space-size) would turn a
 * big export into an out-of-memory crash, this only changes when V8 collects.
 */
import { setFlagsFromString } from "node:v8";

export function tuneHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
