import type { HighlightRow } from "../../db/repos/announcements/queries.js";
import { contentIdForSlug } from "../../db/repos/content.js";
import type { QuoteShape } from "../../loaders/announcements.js";
import type { AnnouncementNode } from "../../loaders/content.js";
import { builder, pageComplexity } from "../builder.js";
import {
  applyContentFilter,
  ContentFilterInput,
  ContentRef,
  contentConnection,
} from "./content.js";
import { PersonRef } from "./person.js";
import { RichTextRef, richTextOf } from "./rich-text.js";

export const AnnouncementRef = builder.objectRef<AnnouncementNode>("Announcement");

export const AnnouncementKindEnum = builder.enumType("AnnouncementKind", {
  values: {
    PRESS_RELEASE: { value: "press_release" },
    FEATURE_LIST: { value: "feature_list" },
    NEWS: { value: "news" },
  } as const,
});

export const LinkRef = builder.simpleObject("Link", {
  fields: (t) => ({ title: t.string(), url: t.string() }),
});

const HighlightRef = builder.objectRef<HighlightRow>("Highlight").implement({
  fields: (t) => ({
    title: t.exposeString("title"),
    detail: t.exposeString("detail", { nullable: true }),
    links: t.field({
      type: [LinkRef],
      resolve: (h, _args, ctx) => ctx.loaders.announcements.links.load(h.id),
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
      resolve: (a, _args, ctx) => ctx.loaders.announcements.highlights.load(a.id),
    }),
    quotes: t.field({
      type: [QuoteRef],
      resolve: (a, _args, ctx) => ctx.loaders.announcements.quotes.load(a.id),
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
    resolve: async (_root, { slug }, ctx) => {
      ctx.deps.list(["announcement"]);
      const id = await contentIdForSlug(ctx.db, "announcement", slug, ctx.loaders.visibility);
      return id == null ? null : ctx.loaders.announcement.load(id);
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
      resolve: (_root, args, ctx) =>
        contentConnection(
          ctx,
          args,
          applyContentFilter(
            {
              visibility: ctx.loaders.visibility,
              types: ["announcement"],
              announcementKind: args.kind ?? undefined,
            },
            args.filter,
          ),
          (rows) => ctx.loaders.announcement.loadMany(rows.map((r) => r.id)),
        ),
    },
    AnnouncementConnectionRef,
  ),
}));
