/** One feed document (a stream's subscription feed or one month of its archive), from the archive. */

import { ANONYMOUS } from "../auth/viewer.js";
import { createReader } from "../content/kinds.js";
import { pollRecords } from "../content/poll/loaders.js";
import { pollStatus } from "../content/poll/results.js";
import { tagBySlug, taggedSql } from "../content/tags/reads.js";
import { nextTransitionAt } from "../content/transitions.js";
import type { Db } from "../db/client.js";
import type { EdgeFormat } from "../read/cache-tags.js";
import {
  type ContentQuery,
  type ListedEntry,
  listEntries,
  monthCounts,
  nextScheduledAt,
} from "../read/listing.js";
import { monthRange } from "../read/months.js";
import type { EntryRecord, Reader } from "../read/reader.js";
import { feedUrl, type Stream, type Urls } from "../read/urls.js";
import { TYPE_NAMES } from "../registry.js";
import { type EntryOptions, feedEntry } from "./entries.js";
import type { FeedArchiveLinks, FeedDocument, FeedEntry } from "./model.js";
import type { FeedRequest } from "./paths.js";

export interface FeedSettings {
  urls: Urls;
  siteTitle: string;
  rights: string;
  language: string;
  itemLimit: number;
  hubUrl?: string;
  /** Authority of entry ids (FEED_ID_AUTHORITY); default: the site URL's host name, no port. */
  idAuthority?: string;
  /** The HTTP cache in front, for the key header it reads besides Surrogate-Key. */
  edgeFormat?: EdgeFormat;
}

/** The tag: URI authority of entry ids: configured, or the site's host name (RFC 4151: no port). */
export function idAuthorityOf(settings: FeedSettings): string {
  return settings.idAuthority ?? new URL(settings.urls.site).hostname;
}

export type FeedBuild =
  | { kind: "ok"; doc: FeedDocument; validUntil: Date | null }
  | { kind: "not-found"; message: string };

/** Archive documents hold a whole month; this only guards against a runaway month. */
const MONTH_ENTRY_CAP = 5_000;
/** Feeds of an empty stream still need a content-derived `updated`: the epoch, never "now". */
const EMPTY_UPDATED = new Date(0);

function baseQuery(r: Reader, stream: Stream): ContentQuery {
  if (stream.kind === "type") return { visibility: r.visibility, types: [stream.type] };
  if (stream.kind === "tag") return { visibility: r.visibility, where: [taggedSql(stream.tag)] };
  return { visibility: r.visibility };
}

function streamTitle(stream: Stream, siteTitle: string, tagName?: string): string {
  if (stream.kind === "all") return siteTitle;
  if (stream.kind === "tag") return `${siteTitle}: ${tagName}`;
  const plural = TYPE_NAMES[stream.type].plural;
  return `${siteTitle}: ${plural[0]?.toUpperCase()}${plural.slice(1)}`;
}

/** "YYYY-MM" of an instant, in UTC. */
const monthOf = (at: Date) => at.toISOString().slice(0, 7);

/** The first instant of the month after `now`'s (UTC): when the open month closes. */
function monthEnd(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/**
 * RFC 5005 links. Archive documents must not change, so only closed months are archives:
 * the subscription feed links the newest closed month; the open month's document is served
 * (browsing by month) but is no archive and is linked from nowhere until the month ends.
 */
function archiveLinks(
  settings: FeedSettings,
  req: FeedRequest,
  months: string[],
  now: Date,
): FeedArchiveLinks {
  const { stream, format, month } = req;
  const at = (m: string | undefined) => (m ? feedUrl(settings.urls, stream, format, m) : undefined);
  const open = monthOf(now);
  const closed = months.filter((m) => m < open);
  if (!month) return { isArchive: false, prevArchive: at(closed[0]) };
  const current = feedUrl(settings.urls, stream, format);
  if (month >= open) return { isArchive: false, current };
  const index = closed.indexOf(month);
  return {
    isArchive: true,
    current,
    prevArchive: at(closed[index + 1]),
    nextArchive: index > 0 ? at(closed[index - 1]) : undefined,
  };
}

/**
 * Until when a document stays valid: the next embargo to lift, the next change by the clock
 * anywhere (content/transitions.ts), the next poll in it to close,
 * and, for the subscription feed and the open month, the month's end (its links change then).
 */
async function validUntil(
  r: Reader,
  query: ContentQuery,
  entries: EntryRecord[],
  month: string | undefined,
) {
  const [due, byClock] = await Promise.all([
    nextScheduledAt(r.db, { types: query.types, where: query.where }, r.now),
    // Weekly stats coming due, polls opening: what a document shows can change by the clock.
    nextTransitionAt(r.db, r.now),
  ]);
  const polls = await r
    .use(pollRecords)
    .loadMany(entries.filter((e) => e.type === "poll").map((e) => e.id));
  const closing = polls.flatMap((p) =>
    p && !(p instanceof Error) && p.closesAt && pollStatus(p, r.now) !== "closed"
      ? [p.closesAt]
      : [],
  );
  const monthTurns = !month || month >= monthOf(r.now) ? monthEnd(r.now) : null;
  const candidates = [due, byClock, ...closing, monthTurns].filter((d): d is Date => d !== null);
  return candidates.length ? new Date(Math.min(...candidates.map((d) => d.getTime()))) : null;
}

/** The entries of a document: the newest `itemLimit`, or a whole month. */
async function rowsOf(
  r: Reader,
  settings: FeedSettings,
  query: ContentQuery,
  month?: string,
): Promise<ListedEntry[]> {
  if (!month) return listEntries(r.db, query, { limit: settings.itemLimit, fromEnd: false });
  const { from, until } = monthRange(month);
  return listEntries(r.db, { ...query, from, until }, { limit: MONTH_ENTRY_CAP, fromEnd: false });
}

/**
 * Build one feed document with the same reads and loaders the GraphQL API uses, as an
 * anonymous reader at `now`; also says until when it stays valid.
 */
export async function buildFeed(
  db: Db,
  settings: FeedSettings,
  req: FeedRequest,
  now: Date,
): Promise<FeedBuild> {
  const { stream, month } = req;
  const r = createReader({ db, viewer: ANONYMOUS, now, urls: settings.urls });
  // A tag only drafts carry answers like an unknown one: its name is not for readers yet.
  const tag = stream.kind === "tag" ? await tagBySlug(db, stream.tag, r.visibility) : null;
  if (stream.kind === "tag" && !tag)
    return { kind: "not-found", message: `No tag "${stream.tag}".` };
  const query = baseQuery(r, stream);
  const months = [...new Set((await monthCounts(db, query)).map((m) => m.month))];
  if (month && !months.includes(month))
    return { kind: "not-found", message: `Nothing was published in ${month} in this feed.` };
  const entries = (await r.entries(await rowsOf(r, settings, query, month))).filter(
    (e): e is EntryRecord => e !== null,
  );
  const options: EntryOptions = {
    idAuthority: idAuthorityOf(settings),
    author: { name: settings.siteTitle, url: settings.urls.site },
    rights: settings.rights,
  };
  const items = (await Promise.all(entries.map((e) => feedEntry(r, e, options)))).filter(
    (e): e is FeedEntry => e !== null,
  );
  const title = streamTitle(stream, settings.siteTitle, tag?.name);
  const doc = document(settings, req, title, items, archiveLinks(settings, req, months, now));
  return { kind: "ok", doc, validUntil: await validUntil(r, query, entries, month) };
}

function document(
  settings: FeedSettings,
  req: FeedRequest,
  title: string,
  entries: FeedEntry[],
  archive: FeedArchiveLinks,
): FeedDocument {
  const { stream, format, month } = req;
  const updated = Math.max(EMPTY_UPDATED.getTime(), ...entries.map((e) => e.updated.getTime()));
  return {
    id: feedUrl(settings.urls, stream, format),
    title: month ? `${title} (${month})` : title,
    description: month ? `Everything published in ${month}.` : `The newest entries of ${title}.`,
    language: settings.language,
    siteUrl: settings.urls.site,
    selfUrl: feedUrl(settings.urls, stream, format, month),
    updated: new Date(updated),
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
}
