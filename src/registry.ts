/**
 * Each content type of the archive, named once. Everything that speaks of types by name (the
 * database enum, global ids, site URLs, feed streams, cache keys, webhook event names, the
 * export format) reads it here; each type's behaviour lives in its folder under src/content/.
 * Adding a type: an entry here, a folder there, a line in src/content/kinds.ts (the type
 * checker names every other place that must learn of it).
 */
export const CONTENT_TYPES = ["issue", "announcement", "event", "poll"] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export interface ContentTypeNames {
  /** The GraphQL object type (and the prefix of its global ids). */
  typename: "Issue" | "Announcement" | "Event" | "Poll";
  /** Path segment of its pages on the site (SITE_URL) and of its feed stream (/feeds/{stream}). */
  plural: "issues" | "announcements" | "events" | "polls";
  /** "an event", "a poll": for messages. */
  article: "a" | "an";
  /** The type's own tables besides `content`, in insertion order (export format). */
  tables: readonly string[];
}

export const TYPE_NAMES: Readonly<Record<ContentType, ContentTypeNames>> = {
  issue: {
    typename: "Issue",
    plural: "issues",
    article: "an",
    tables: ["issues", "issue_sections", "section_items", "section_item_people"],
  },
  announcement: {
    typename: "Announcement",
    plural: "announcements",
    article: "an",
    tables: ["announcements", "highlights", "highlight_links", "quotes"],
  },
  event: {
    typename: "Event",
    plural: "events",
    article: "an",
    tables: ["events", "event_sessions", "session_speakers", "event_speakers"],
  },
  poll: {
    typename: "Poll",
    plural: "polls",
    article: "a",
    tables: ["polls", "poll_options", "poll_votes", "poll_credits"],
  },
};

export type EntryTypename = ContentTypeNames["typename"];

/** Types with global ids: the entries, and the shared parts that are Nodes too. */
export type NodeTypeName = EntryTypename | "PollOption" | "WeeklyStats" | "Person";
export const NODE_TYPES: readonly NodeTypeName[] = [
  ...CONTENT_TYPES.map((t) => TYPE_NAMES[t].typename),
  "PollOption",
  "WeeklyStats",
  "Person",
];

/** The content type behind a GraphQL type name, if it names an entry type. */
export function typeOfTypename(typename: string): ContentType | undefined {
  return CONTENT_TYPES.find((t) => TYPE_NAMES[t].typename === typename);
}

/** The content type whose stream (plural) this is, if any. */
export function typeOfPlural(plural: string): ContentType | undefined {
  return CONTENT_TYPES.find((t) => TYPE_NAMES[t].plural === plural);
}

/** What happens to an entry. "scheduled" is internal: an embargo must not leak to partners. */
export const CONTENT_EVENT_KINDS = [
  "published",
  "updated",
  "unpublished",
  "deleted",
  "scheduled",
] as const;
export type ContentEventKind = (typeof CONTENT_EVENT_KINDS)[number];
/** The kinds partners (webhooks) and subscribers hear about. */
export const PUBLIC_EVENT_KINDS = ["published", "updated", "unpublished", "deleted"] as const;
export type PublicEventKind = (typeof PUBLIC_EVENT_KINDS)[number];

/** The webhook event type of a change, e.g. "announcement.published". */
export const eventTypeName = (type: ContentType, kind: ContentEventKind) => `${type}.${kind}`;

/** Response-cache key of "a list of this type was read" (see src/read/cache-tags.ts). */
export const listTag = (type: ContentType) => `list:${type}`;
