import { builder, pageComplexity } from "../../graphql/builder.js";
import { Selected } from "../../graphql/lookahead.js";
import { RichTextRef, richTextOf } from "../../graphql/rich-text.js";
import {
  applyContentFilter,
  ContentFilterInput,
  ContentRef,
  entryBySlug,
  type PageRead,
  typeConnection,
} from "../entry/graphql.js";
import { PersonRef } from "../people/graphql.js";
import {
  type AnnouncementNode,
  announcementLoaders,
  announcementRecords,
  type QuoteShape,
  readAnnouncements,
} from "./loaders.js";
import { type AnnouncementParts, type HighlightRow, ofKindSql } from "./reads.js";

/** What an announcement read brings along, from what the request selects under it. */
function announcementParts(announcement: Selected | null): AnnouncementParts {
  const highlights = announcement?.field("highlights");
  return {
    highlights: highlights ? { links: highlights.has("links") } : null,
    quotes: announcement?.has("quotes") ?? false,
  };
}

export const AnnouncementRef = builder.objectRef<AnnouncementNode>("Announcement");

export const AnnouncementKindEnum = builder.enumType("AnnouncementKind", {
  values: {
    PRESS_RELEASE: { value: "press_release" },
    FEATURE_LIST: { value: "feature_list" },
    NEWS: { value: "news" },
  } as const,
});

const LinkRef = builder.simpleObject("Link", {
  fields: (t) => ({ title: t.string(), url: t.string() }),
});

const HighlightRef = builder.objectRef<HighlightRow>("Highlight").implement({
  fields: (t) => ({
    title: t.exposeString("title"),
    detail: t.exposeString("detail", { nullable: true }),
    links: t.field({
      type: [LinkRef],
      resolve: (h, _args, ctx) => ctx.reader.use(announcementLoaders).links.load(h.id),
    }),
  }),
});

const QuoteRef = builder.objectRef<QuoteShape>("Quote").implement({
  fields: (t) => ({
    text: t.exposeString("text"),
    person: t.field({ type: PersonRef, resolve: (q) => q.person }),
    role: t.exposeString("role", { nullable: true }),
  }),
});

builder.node(AnnouncementRef, {
  interfaces: [ContentRef],
  id: { resolve: (a) => a.id },
  fields: (t) => ({
    kind: t.field({ type: AnnouncementKindEnum, resolve: (a) => a.kind }),
    dateline: t.exposeString("dateline", { nullable: true }),
    summary: t.exposeString("summary", { nullable: true }),
    body: t.field({ type: RichTextRef, nullable: true, resolve: richTextOf((a) => a.bodyMd) }),
    highlights: t.field({
      type: [HighlightRef],
      resolve: (a, _args, ctx) => ctx.reader.use(announcementLoaders).highlights.load(a.id),
    }),
    quotes: t.field({
      type: [QuoteRef],
      resolve: (a, _args, ctx) => ctx.reader.use(announcementLoaders).quotes.load(a.id),
    }),
    sourceUrl: t.exposeString("sourceUrl", {
      nullable: true,
      description: "The original, where it lives elsewhere.",
    }),
  }),
});

const AnnouncementConnectionRef = builder.connectionObject(
  { type: AnnouncementRef, name: "AnnouncementConnection" },
  { name: "AnnouncementEdge" },
);

builder.queryFields((t) => ({
  announcement: t.field({
    type: AnnouncementRef,
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, { slug }, ctx, info) => {
      const parts = announcementParts(Selected.of(info));
      const read: PageRead = (clauses) => readAnnouncements(ctx.reader, clauses, parts);
      return entryBySlug(ctx, "announcement", slug, announcementRecords, read);
    },
  }),
  announcements: t.connection(
    {
      type: AnnouncementRef,
      description: "Announcements (press releases, feature lists, news), newest first.",
      args: {
        filter: t.arg({ type: ContentFilterInput }),
        kind: t.arg({ type: AnnouncementKindEnum }),
      },
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) => {
        const parts = announcementParts(Selected.of(info).path("edges", "node"));
        const read: PageRead = (clauses) => readAnnouncements(ctx.reader, clauses, parts);
        const base = {
          visibility: ctx.reader.visibility,
          types: ["announcement" as const],
          where: args.kind ? [ofKindSql(args.kind)] : [],
        };
        const query = applyContentFilter(base, args.filter);
        return typeConnection(ctx, args, query, announcementRecords, {
          tag: args.filter?.tag,
          read,
        });
      },
    },
    AnnouncementConnectionRef,
  ),
}));
