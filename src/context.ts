import type { Db } from "./db/client.js";
import type { EventBus } from "./events.js";
import { createLoaders, type Loaders } from "./loaders/all.js";
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
}

export function createContext(args: {
  db: Db;
  viewer: Viewer;
  now: Date;
  urls: Urls;
  keys: Keys;
  bus: EventBus;
}): Context {
  return { ...args, loaders: createLoaders(args.db, args.viewer, args.now) };
}
