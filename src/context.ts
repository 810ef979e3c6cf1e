import { Dependencies } from "./cache/dependencies.js";
import type { Db } from "./db/client.js";
import type { EventBus } from "./events.js";
import { createLoaders, type Loaders } from "./loaders/all.js";
import type { Voting } from "./polls/voting.js";
import type { Keys } from "./secrets.js";
import type { Viewer } from "./viewer.js";

/** Absolute bases for links: SITE_URL for pages, PUBLIC_URL for the API's own URLs. */
export interface Urls {
  site: string;
  public: string;
}

/** Per-request context. A new one per request: loaders must never outlive it. */
export interface Context {
  db: Db;
  viewer: Viewer;
  /** The request's clock reading: one instant for every visibility check in the request. */
  now: Date;
  urls: Urls;
  loaders: Loaders;
  /** Server keys (preview signing, voter hashing, webhook secret encryption). */
  keys: Keys;
  /** Where writes announce what they changed, after they commit. */
  bus: EventBus;
  /** The reader's voter key (X-Voter-Key header), for AFTER_VOTE results and myVote. */
  voterKey: string | null;
  /** Who is asking, for rate limits: the peer address (or X-Forwarded-For behind a trusted proxy). */
  client: string;
  /** Current time, for long-lived requests (subscriptions) that outlive `now`. */
  clock: () => Date;
  /** Casting votes (rate limit, concurrency bound, the atomic write). */
  voting: Voting;
  /** Aborted when the server shuts down: long-lived responses (SSE) end cleanly. */
  shutdown: AbortSignal;
  /** What this answer was built from (response cache invalidation). */
  deps: Dependencies;
}

export function createContext(args: {
  db: Db;
  viewer: Viewer;
  now: Date;
  urls: Urls;
  keys: Keys;
  bus: EventBus;
  voterKey?: string | null;
  client?: string;
  clock?: () => Date;
  voting: Voting;
  shutdown?: AbortSignal;
}): Context {
  const voterKey = args.voterKey ?? null;
  const deps = new Dependencies();
  return {
    ...args,
    deps,
    voterKey,
    client: args.client ?? "local",
    clock: args.clock ?? (() => new Date()),
    shutdown: args.shutdown ?? new AbortController().signal,
    loaders: createLoaders(
      args.db,
      args.viewer,
      args.now,
      voterKey ? { key: args.keys.voter, voterKey } : null,
      deps,
    ),
  };
}

/**
 * For a subscription's next event: read the clock again and start from empty loaders, so the
 * pushed state is current (the context of a long-lived request is otherwise fixed at its start).
 */
export function refreshContext(ctx: Context): void {
  ctx.now = ctx.clock();
  ctx.loaders = createLoaders(
    ctx.db,
    ctx.viewer,
    ctx.now,
    ctx.voterKey ? { key: ctx.keys.voter, voterKey: ctx.voterKey } : null,
  );
}
