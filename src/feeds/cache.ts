import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { LRUCache } from "lru-cache";

/** One rendered feed document with its validators and lazily compressed forms. */
export class RenderedFeed {
  readonly etag: string;
  private compressed = new Map<"gzip" | "br", Buffer>();

  constructor(
    readonly body: Buffer,
    readonly contentType: string,
    readonly lastModified: Date,
    /** Stop serving this copy at this instant (an embargo lifts, a poll closes); null: until invalidated. */
    readonly validUntil: Date | null,
    /** What the document was read from, named to HTTP caches (paths.ts, edgeKeysOf). */
    readonly keys: readonly string[] = [],
  ) {
    this.etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  }

  encoded(encoding: "gzip" | "br"): Buffer {
    let out = this.compressed.get(encoding);
    if (!out) {
      out =
        encoding === "gzip"
          ? gzipSync(this.body, { level: 9 })
          : brotliCompressSync(this.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } });
      this.compressed.set(encoding, out);
    }
    return out;
  }
}

/**
 * Rendered feeds by path, invalidated by stream when content changes, expiring on their own
 * when the next scheduled entry is due. Concurrent misses for one path share one build.
 * Disabled (FEED_CACHE=off), every request builds its document: what the bench measures as
 * the cost of a feed build, and a way to rule the cache out when debugging.
 */
export class FeedCache {
  private entries = new LRUCache<string, RenderedFeed>({ max: 2_000 });
  private building = new Map<string, Promise<RenderedFeed | null>>();
  private generation = 0;

  constructor(readonly enabled = true) {}

  async get(
    key: string,
    now: Date,
    build: () => Promise<RenderedFeed | null>,
  ): Promise<RenderedFeed | null> {
    if (!this.enabled) return build();
    const hit = this.peek(key, now);
    if (hit) return hit;
    const pending = this.building.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const promise = build()
      .then((feed) => {
        // A build that raced an invalidation must not be stored: it may hold the old content.
        if (feed && generation === this.generation) this.entries.set(key, feed);
        return feed;
      })
      .finally(() => this.building.delete(key));
    this.building.set(key, promise);
    return promise;
  }

  /** The stored document for `key` if it is still fresh; never builds. */
  peek(key: string, now: Date): RenderedFeed | undefined {
    const hit = this.entries.get(key);
    return hit && (!hit.validUntil || hit.validUntil > now) ? hit : undefined;
  }

  /** Drop every document of the given streams ("all", "issues", "tags/…" prefixes). */
  invalidate(streamPrefixes: readonly string[]): void {
    this.generation++;
    this.building.clear();
    for (const key of [...this.entries.keys()]) {
      if (
        streamPrefixes.some(
          (p) =>
            key === p ||
            key.startsWith(`${p}/`) ||
            key.startsWith(`${p}.`) ||
            key.startsWith(`${p}|`),
        )
      ) {
        this.entries.delete(key);
      }
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
