import {
  and,
  eq,
  exists,
  gt,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import type { Db } from "../client.js";
import { type announcementKind, announcements, quotes } from "../tables/announcements.js";
import { content, contentTags, tags } from "../tables/content.js";
import { eventSessions, eventSpeakers, events, sessionSpeakers } from "../tables/events.js";
import { issueSections, issues, sectionItemPeople, sectionItems } from "../tables/issues.js";
import { pollCredits, polls } from "../tables/polls.js";
import { statsSuperstars } from "../tables/stats.js";
import type { ContentType } from "./content.js";
import { type KeysetPage, keysetOrder, keysetWhere } from "./keyset.js";
import { cannotMatch } from "./text.js";
import { contentVisible, type Visibility } from "./visibility.js";

export type PollStatusFilter = "upcoming" | "open" | "closed";

/** Everything a content list can be narrowed by; every list of the API goes through here. */
export interface ContentQuery {
  visibility: Visibility;
  types?: readonly ContentType[];
  /** Inclusive lower and exclusive upper bound on publication time. */
  from?: Date;
  until?: Date;
  tag?: string;
  /** Only content naming this person (items, quotes, speakers, credits, superstars). */
  personId?: number;
  /** Events: upcoming (not yet ended at `now`) or past. */
  eventTiming?: { upcoming: boolean; now: Date };
  pollStatus?: { status: PollStatusFilter; now: Date };
  announcementKind?: (typeof announcementKind.enumValues)[number];
  /** Editors only: a status filter. */
  status?: readonly ("draft" | "scheduled" | "published")[];
}

export interface ListedContent {
  id: number;
  type: ContentType;
  sortAt: Date;
}

function conditions(q: ContentQuery): (SQL | undefined)[] {
  // Pending edits' copies are reached only through their own id (previews, editors), never in lists.
  const c: (SQL | undefined)[] = [contentVisible(q.visibility), isNull(content.revisionOf)];
  // A client may repeat a type any number of times; the database sees each once.
  const types = q.types ? [...new Set(q.types)] : undefined;
  if (types?.length === 1) c.push(eq(content.type, types[0] as ContentType));
  else if (types && types.length > 1) c.push(inArray(content.type, types));
  if (q.from) c.push(gte(content.sortAt, q.from));
  if (q.until) c.push(lt(content.sortAt, q.until));
  if (q.status?.length) c.push(inArray(content.status, [...new Set(q.status)]));
  if (q.tag != null && cannotMatch(q.tag)) c.push(sql`false`);
  else if (q.tag) {
    c.push(
      exists(
        sql`(select 1 from ${contentTags} join ${tags} on ${tags.id} = ${contentTags.tagId}
             where ${contentTags.contentId} = ${content.id} and ${tags.slug} = ${q.tag})`,
      ),
    );
  }
  if (q.personId !== undefined) c.push(sql`${content.id} in (${personContentIds(q.personId)})`);
  if (q.eventTiming) {
    const { upcoming, now } = q.eventTiming;
    c.push(
      exists(
        sql`(select 1 from ${events} where ${events.contentId} = ${content.id} and ${
          upcoming ? gte(events.endsAt, now) : lt(events.endsAt, now)
        })`,
      ),
    );
  }
  if (q.pollStatus)
    c.push(
      exists(
        sql`(select 1 from ${polls} where ${polls.contentId} = ${content.id} and ${pollStatusSql(q.pollStatus.status, q.pollStatus.now)})`,
      ),
    );
  if (q.announcementKind) {
    c.push(
      exists(
        sql`(select 1 from ${announcements} where ${announcements.contentId} = ${content.id} and ${eq(announcements.kind, q.announcementKind)})`,
      ),
    );
  }
  return c;
}

/** Status of a poll at `now` in SQL: upcoming before opensAt, closed from closesAt on. */
export function pollStatusSql(status: PollStatusFilter, now: Date): SQL {
  const opened = or(isNull(polls.opensAt), lte(polls.opensAt, now));
  const closed = and(sql`${polls.closesAt} is not null`, lte(polls.closesAt, now));
  if (status === "upcoming") return sql`not (${opened})`;
  if (status === "closed") return sql`(${opened}) and (${closed})`;
  return sql`(${opened}) and not coalesce(${closed}, false)`;
}

function personContentIds(personId: number): SQL {
  return sql`
    select ${issueSections.issueId} from ${sectionItemPeople}
      join ${sectionItems} on ${sectionItems.id} = ${sectionItemPeople.itemId}
      join ${issueSections} on ${issueSections.id} = ${sectionItems.sectionId}
      where ${sectionItemPeople.personId} = ${personId}
    union select ${issues.contentId} from ${issues}
      join ${statsSuperstars} on ${statsSuperstars.statsId} = ${issues.statsId}
      where ${statsSuperstars.personId} = ${personId}
    union select ${quotes.announcementId} from ${quotes} where ${quotes.personId} = ${personId}
    union select ${eventSpeakers.eventId} from ${eventSpeakers} where ${eventSpeakers.personId} = ${personId}
    union select ${eventSessions.eventId} from ${sessionSpeakers}
      join ${eventSessions} on ${eventSessions.id} = ${sessionSpeakers.sessionId}
      where ${sessionSpeakers.personId} = ${personId}
    union select ${pollCredits.pollId} from ${pollCredits} where ${pollCredits.personId} = ${personId}`;
}

/** One page of content, newest first (or oldest first when `page.fromEnd`). */
export function listContent(db: Db, q: ContentQuery, page: KeysetPage): Promise<ListedContent[]> {
  return db
    .select({ id: content.id, type: content.type, sortAt: content.sortAt })
    .from(content)
    .where(and(...conditions(q), ...keysetWhere(page, content.sortAt, content.id)))
    .orderBy(...keysetOrder(page, content.sortAt, content.id))
    .limit(page.limit);
}

export async function countContent(db: Db, q: ContentQuery): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(content)
    .where(and(...conditions(q)));
  return row?.n ?? 0;
}

export interface MonthCount {
  month: string;
  type: ContentType;
  n: number;
}

/** Per month (UTC, "YYYY-MM") and type, how many entries are visible; newest month first. */
export async function monthCounts(db: Db, q: ContentQuery): Promise<MonthCount[]> {
  const month = sql<string>`to_char(${content.sortAt} at time zone 'UTC', 'YYYY-MM')`;
  return db
    .select({ month, type: content.type, n: sql<number>`count(*)::int` })
    .from(content)
    .where(and(...conditions(q)))
    .groupBy(month, content.type)
    .orderBy(sql`1 desc`);
}

/**
 * The earliest moment after `now` at which scheduled content matching `q` goes live:
 * caches of anything built from `q` must not outlive it (an embargo lifts on the second).
 */
export async function nextScheduledAt(
  db: Db,
  q: Omit<ContentQuery, "visibility">,
  now: Date,
): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`min(${content.publishedAt})` })
    .from(content)
    .where(
      and(
        ...conditions({ ...q, visibility: { kind: "all" } }),
        ne(content.status, "draft"),
        gt(content.publishedAt, now),
      ),
    );
  return row?.at ? new Date(row.at) : null;
}
