import { CONTENT_TYPES, type ContentType, listTag } from "../registry.js";

/**
 * What an answer was read from, so that a write drops exactly the cached answers it affects.
 * Loaders and list queries record as the request runs:
 * - `entity:<content id>`: an entry (and everything it owns) was read, or looked up and missing;
 * - `list:<type>`: a list, count, search or slug lookup over a type (a publication changes it);
 * - `shared`: people, tags or weekly stats (changed by shared-data events).
 * `expiresAt` is the first moment the answer changes by itself (a poll opens or closes, an
 * event ends), whichever entity read brings it closest.
 */
export class CacheTags {
  readonly keys = new Set<string>();
  expiresAt: number | null = null;

  entity(id: number): void {
    this.keys.add(entityTag(id));
  }

  list(types: readonly ContentType[] | undefined): void {
    for (const type of types?.length ? types : CONTENT_TYPES) this.keys.add(listTag(type));
  }

  shared(): void {
    this.keys.add(SHARED_TAG);
  }

  /**
   * The answer can change with no write announcing it (the changes feed's window moves when
   * any concurrent transaction ends): never keep it.
   */
  uncacheable(): void {
    this.expiresAt = 0;
  }

  /** The answer is only good until `at` (ignored if already past: nothing to wait for). */
  until(at: Date | null | undefined, now: Date): void {
    if (!at || at <= now) return;
    const t = at.getTime();
    if (this.expiresAt === null || t < this.expiresAt) this.expiresAt = t;
  }
}

export const entityTag = (id: number) => `entity:${id}`;
export const SHARED_TAG = "shared";

/** Which HTTP cache sits in front, for the extra key header it reads (Surrogate-Key is always sent). */
export type EdgeFormat = "varnish" | "fastly" | "cloudflare";

/**
 * Past this many bytes of keys an answer names too much to be purged exactly (CDNs cap the
 * header near 16 KB): shared caches must revalidate it instead of keeping it.
 */
export const MAX_EDGE_KEY_BYTES = 8_000;

/**
 * The response headers that name what an answer was read from, for an HTTP cache to purge by:
 * `Surrogate-Key` (Fastly, and the standard spelling) always, `xkey` for Varnish's xkey vmod,
 * `Cache-Tag` (comma-separated) for Cloudflare. `{}` when there are none; null when there are
 * too many to name (the caller keeps the answer out of shared caches).
 */
export function edgeKeyHeaders(
  keys: Iterable<string>,
  format: EdgeFormat | undefined,
): Record<string, string> | null {
  const list = [...keys].sort();
  if (list.length === 0) return {};
  const spaced = list.join(" ");
  if (spaced.length > MAX_EDGE_KEY_BYTES) return null;
  const headers: Record<string, string> = { "surrogate-key": spaced };
  if (format === "varnish") headers.xkey = spaced;
  if (format === "cloudflare") headers["cache-tag"] = list.join(",");
  return headers;
}
