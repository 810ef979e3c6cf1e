/** The feeds feature: /feeds/… (RSS, Atom, JSON Feed, RFC 5005 archives, iCalendar). */
import { type AppEvent, isContentEvent } from "../bus/events.js";
import type { Db } from "../db/client.js";
import { primaryOnly, type ReadRoute } from "../db/replica.js";
import type { Feature, Route } from "../feature.js";
import type { Logger } from "../logger.js";
import { streamPath } from "../read/urls.js";
import { CONTENT_TYPES } from "../registry.js";
import { FeedCache } from "./cache.js";
import type { FeedSettings } from "./documents.js";
import { fastFeeds } from "./fast.js";
import { serveFeed } from "./serve.js";

export interface FeedsOptions {
  /** The primary. */
  db: Db;
  /** Where documents are read (default: the primary). */
  reads?: ReadRoute;
  settings: FeedSettings;
  clock: () => Date;
  logger: Logger;
  /** Keep rendered documents until a change drops them (default); false: build every request. */
  cache?: boolean;
}

export interface Feeds extends Feature {
  routes: Route[];
  /** Drop the documents a change may show up in (every instance: cluster scope). */
  onEvent(event: AppEvent): void;
}

const TYPE_STREAMS = CONTENT_TYPES.map((type) => streamPath({ kind: "type", type }));

export function installFeeds(options: FeedsOptions): Feeds {
  const cache = new FeedCache(options.cache ?? true);
  const serving = { ...options, reads: options.reads ?? primaryOnly(options.db), cache };
  return {
    routes: [
      {
        name: "feeds",
        matches: (path) => path === "/feeds" || path.startsWith("/feeds/"),
        fetch: (request, url) => serveFeed(serving, request, url),
        fast: fastFeeds(cache, options.settings, options.clock),
      },
    ],
    onEvent(event) {
      if (event.kind === "voted") return;
      // People, tags or stats: any document may name them. Tag streams always go: an
      // entry's change may have added or removed tags.
      if (!isContentEvent(event)) cache.invalidate(["all", ...TYPE_STREAMS, "tags"]);
      else cache.invalidate(["all", streamPath({ kind: "type", type: event.type }), "tags"]);
    },
  };
}
