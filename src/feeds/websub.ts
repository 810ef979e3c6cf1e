import type { EventBus } from "../bus/bus.js";
import { type AppEvent, type ContentEvent, isPublicContentEvent } from "../bus/events.js";
import { DEFAULTS } from "../config.js";
import type { Logger } from "../logger.js";
import { type FeedFormat, feedUrl, type Stream } from "../read/urls.js";
import type { FeedSettings } from "./documents.js";

const FORMATS: FeedFormat[] = ["rss", "atom", "json"];

/** Every feed document a content change shows up in: current feeds and the month's archives. */
export function affectedFeedUrls(settings: FeedSettings, event: ContentEvent): string[] {
  const streams: Stream[] = [
    { kind: "all" },
    { kind: "type", type: event.type },
    ...event.tags.map((tag) => ({ kind: "tag" as const, tag })),
  ];
  const month = event.publishedAt?.toISOString().slice(0, 7);
  const urls = streams.flatMap((stream) =>
    FORMATS.flatMap((format) => [
      feedUrl(settings.urls, stream, format),
      ...(month ? [feedUrl(settings.urls, stream, format, month)] : []),
    ]),
  );
  return [...new Set(urls)];
}

export interface WebSubOptions {
  hubUrl: string;
  settings: FeedSettings;
  logger: Logger;
  /** Wait this long after a change to gather others into one ping (default 1 s). */
  debounceMs?: number;
  /** Delays between attempts; the number of retries is its length (default 1 s, 5 s, 30 s). */
  retryDelaysMs?: readonly number[];
  fetch?: typeof fetch;
}

export interface WebSub {
  /** A public change: ping for every feed it shows up in (debounced). */
  onEvent(event: AppEvent): void;
  start(): { stop(): void };
  /** Resolves when no ping is pending or in flight (tests). */
  idle(): Promise<void>;
}

/** Tell the hub one feed changed; retried with backoff, then logged and given up. */
async function pingHub(options: WebSubOptions, delays: readonly number[], url: string) {
  const { hubUrl, logger } = options;
  const doFetch = options.fetch ?? fetch;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await doFetch(hubUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url }).toString(),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return;
      throw new Error(`hub answered ${res.status}`);
    } catch (error) {
      const delay = delays[attempt];
      const log = { hub: hubUrl, feed: url };
      if (delay === undefined) {
        logger.error({ ...log, err: (error as Error).message }, "websub: giving up on ping");
        return;
      }
      logger.warn(
        { ...log, attempt: attempt + 1, retryInMs: delay },
        "websub: ping failed, retrying",
      );
      await new Promise((r) => setTimeout(r, delay).unref());
    }
  }
}

/**
 * Ping the WebSub hub (hub.mode=publish) for every feed a change affects, in the background:
 * the editor's request never waits, a failing hub is retried with backoff, then logged.
 */
export function createWebSub(options: WebSubOptions): WebSub {
  const { settings } = options;
  const debounceMs = options.debounceMs ?? DEFAULTS.websub.debounceMs;
  const delays = options.retryDelaysMs ?? DEFAULTS.websub.retryDelaysMs;
  const pending = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;

  const ping = (url: string) => pingHub(options, delays, url);

  function flush() {
    timer = null;
    const urls = [...pending];
    pending.clear();
    for (const url of urls) {
      const p = ping(url).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }

  let running = false;
  return {
    onEvent(event) {
      if (!running || !isPublicContentEvent(event)) return;
      for (const url of affectedFeedUrls(settings, event)) pending.add(url);
      timer ??= setTimeout(flush, debounceMs);
      timer.unref?.();
    },
    start() {
      running = true;
      return {
        stop() {
          running = false;
          if (timer) clearTimeout(timer);
        },
      };
    },
    async idle() {
      while (timer || inFlight.size > 0) {
        await Promise.all([...inFlight]);
        if (timer) await new Promise((r) => setTimeout(r, debounceMs));
      }
    },
  };
}

/** A WebSub pinger listening on the bus (tests; the app wires it in src/app.ts). */
export function startWebSub(options: WebSubOptions & { bus: EventBus }) {
  const websub = createWebSub(options);
  const unsubscribe = options.bus.subscribe((event) => websub.onEvent(event));
  const worker = websub.start();
  return {
    stop() {
      unsubscribe();
      worker.stop();
    },
    idle: () => websub.idle(),
  };
}
