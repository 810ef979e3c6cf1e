import type { ContentType } from "../db/repos/content.js";

/**
 * What a GraphQL answer was built from, so that a write drops exactly the cached answers it
 * affects. Recorded by loaders and list queries as the request runs:
 * - `entity:<content id>`: an entry (and everything it owns) was read, or looked up and missing;
 * - `list:<type>`: a list, count, search or slug lookup over a type (a publication changes it);
 * - `shared`: people, tags or weekly stats (changed by shared-data events).
 * `expiresAt` is the first moment the answer changes by itself (a poll opens or closes, an
 * event ends), whichever entity read brings it closest.
 */
export class Dependencies {
  readonly keys = new Set<string>();
  expiresAt: number | null = null;

  entity(id: number): void {
    this.keys.add(`entity:${id}`);
  }

  list(types: readonly ContentType[] | undefined): void {
    for (const type of types?.length ? types : ALL_TYPES) this.keys.add(`list:${type}`);
  }

  shared(): void {
    this.keys.add("shared");
  }

  /** The answer is only good until `at` (ignored if already past: nothing to wait for). */
  until(at: Date | null | undefined, now: Date): void {
    if (!at || at <= now) return;
    const t = at.getTime();
    if (this.expiresAt === null || t < this.expiresAt) this.expiresAt = t;
  }
}

const ALL_TYPES: readonly ContentType[] = ["issue", "announcement", "event", "poll"];

/** A recorder that records nothing (editors, previews, feeds: never cached). */
export class NoDependencies extends Dependencies {
  override entity(): void {}
  override list(): void {}
  override shared(): void {}
  override until(): void {}
}
