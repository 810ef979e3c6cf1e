import type { Urls } from "../context.js";
import type { Db } from "../db/client.js";
import {
  type ContentQuery,
  listContent,
  monthCounts,
  nextScheduledAt,
} from "../db/repos/listing.js";
import { tagBySlug } from "../db/repos/tags.js";
import { loadMixed, monthRange } from "../graphql/types/content.js";
import type { ContentNode } from "../loaders/content.js";
import { pollStatus } from "../polls/results.js";
import { type EntryOptions, feedEntry } from "./entries.js";
import type { FeedDocument, FeedFormat } from "./model.js";
import { readerContext } from "./reader-context.js";
import { type Stream, streamPath, streamTitle } from "./streams.js";

export interface FeedSettings {
  urls: Urls;
  siteTitle: string;
  rights: string;
  language: string;
  itemLimit: number;
  hubUrl?: string;
}

/** A request for one feed document. */
export interface FeedRequest {
  stream: Stream;
  /** "YYYY-MM" for an RFC 5005 archive document; absent for the subscription feed. */
  month?: string;
  format: FeedFormat;
}

export type FeedBuild =
  | { kind: "ok"; doc: FeedDocument; validUntil: Date | null }
  | { kind: "not-found"; message: string };

/** Archive documents hold a whole month; this only guards against a runaway month. */
const MONTH_ENTRY_CAP = 5_000;
/** Feeds of an empty stream still need a content-derived `updated`: the epoch, never "now". */
const EMPTY_UPDATED = new Date(0);

export function feedUrl(
  settings: FeedSettings,
  stream: Stream,
  format: FeedFormat,
  month?: string,
): string {
  return `${settings.urls.public}/feeds/${streamPath(stream)}${month ? `/${month}` : ""}.${format}`;
}

function baseQuery(stream: Stream, now: Date): ContentQuery {
  const q: ContentQuery = { visibility: { kind: "public", now } };
  if (stream.kind === "type") q.types = [stream.type];
  if (stream.kind === "tag") q.tag = stream.tag;
  return q;
}

/**
 * Build one feed document from the same repositories and loaders the GraphQL API uses.
 * Also says until when it stays valid: the next embargo to lift, or the next poll to close.
 */
export async function buildFeed(
  db: Db,
  settings: FeedSettings,
  req: FeedRequest,
  now: Date,
): Promise<FeedBuild> {
  const { stream, month, format } = req;
  let tagName: string | undefined;
  if (stream.kind === "tag") {
    const tag = await tagBySlug(db, stream.tag);
    if (!tag) return { kind: "not-found", message: `No tag "${stream.tag}".` };
    tagName = tag.name;
  }
  const ctx = readerContext(db, settings.urls, now);
  const query = baseQuery(stream, now);
  const months = (await monthCounts(db, query))
    .map((m) => m.month)
    .filter((m, i, all) => all.indexOf(m) === i);

  let rows: Awaited<ReturnType<typeof listContent>>;
  if (month) {
    const index = months.indexOf(month);
    if (index < 0)
      return { kind: "not-found", message: `Nothing was published in ${month} in this feed.` };
    const range = monthRange(month);
    rows = await listContent(
      db,
      { ...query, from: range.from, until: range.until },
      { limit: MONTH_ENTRY_CAP, fromEnd: false },
    );
  } else {
    rows = await listContent(db, query, { limit: settings.itemLimit, fromEnd: false });
  }
  const nodes = (await loadMixed(ctx, rows)).filter((n): n is ContentNode => n !== null);
  const entryOptions: EntryOptions = {
    siteHost: new URL(settings.urls.site).host,
    author: { name: settings.siteTitle, url: settings.urls.site },
    rights: settings.rights,
  };
  const entries = await Promise.all(nodes.map((n) => feedEntry(ctx, n, entryOptions)));

  const current = feedUrl(settings, stream, format);
  const index = month ? months.indexOf(month) : -1;
  const archive = month
    ? {
        isArchive: true,
        current,
        prevArchive: months[index + 1]
          ? feedUrl(settings, stream, format, months[index + 1])
          : undefined,
        nextArchive: index > 0 ? feedUrl(settings, stream, format, months[index - 1]) : undefined,
      }
    : {
        isArchive: false,
        prevArchive: months[0] ? feedUrl(settings, stream, format, months[0]) : undefined,
      };

  const title =
    stream.kind === "tag"
      ? `${settings.siteTitle}: ${tagName}`
      : streamTitle(stream, settings.siteTitle);
  const updated = new Date(
    Math.max(EMPTY_UPDATED.getTime(), ...entries.map((e) => e.updated.getTime())),
  );
  const doc: FeedDocument = {
    id: current,
    title: month ? `${title} (${month})` : title,
    description: month ? `Everything published in ${month}.` : `The newest entries of ${title}.`,
    language: settings.language,
    siteUrl: settings.urls.site,
    selfUrl: feedUrl(settings, stream, format, month),
    updated,
    generator: {
      name: "newsletter-content-api",
      version: "0.1.0",
      url: `${settings.urls.public}/graphql`,
    },
    rights: settings.rights,
    authors: [{ name: settings.siteTitle, url: settings.urls.site }],
    hubs: settings.hubUrl ? [settings.hubUrl] : [],
    archive,
    entries,
  };

  // Valid until the next scheduled entry goes live or an open poll in it closes (its results appear).
  const due = await nextScheduledAt(db, { types: query.types, tag: query.tag }, now);
  const closing = nodes
    .filter((n) => n.__typename === "Poll" && n.closesAt && pollStatus(n, now) !== "closed")
    .map((n) => (n as { closesAt: Date }).closesAt);
  const candidates = [due, ...closing].filter((d): d is Date => d !== null);
  const validUntil = candidates.length
    ? new Date(Math.min(...candidates.map((d) => d.getTime())))
    : null;
  return { kind: "ok", doc, validUntil };
}
