import { type Context, createContext, type Urls } from "../context.js";
import type { Db } from "../db/client.js";
import { EventBus } from "../events.js";
import type { Keys } from "../secrets.js";
import { ANONYMOUS } from "../viewer.js";

const unusable = Buffer.alloc(0);
const NO_KEYS: Keys = { preview: unusable, voter: unusable, webhookSecrets: unusable };
const NO_BUS = new EventBus();

/**
 * The context feeds and calendars render with: an anonymous reader at `now`. Feeds only read
 * public content, so they never sign, hash, decrypt, publish or vote.
 */
export function readerContext(db: Db, urls: Urls, now: Date): Context {
  return createContext({
    db,
    viewer: ANONYMOUS,
    now,
    urls,
    keys: NO_KEYS,
    bus: NO_BUS,
    voting: {
      cast: () => {
        throw new Error("feeds do not vote");
      },
    },
  });
}
