import { contentIdForSlug } from "../../db/repos/content.js";
import type { ItemRow, SectionRow } from "../../db/repos/issues/queries.js";
import { issueIdByNumber } from "../../db/repos/issues/queries.js";
import type { IssueNode } from "../../loaders/content.js";
import { builder, pageComplexity } from "../builder.js";
import { clientError } from "../errors.js";
import {
  applyContentFilter,
  ContentFilterInput,
  ContentRef,
  contentConnection,
} from "./content.js";
import { PersonRef } from "./person.js";
import { RichTextRef, richTextOf } from "./rich-text.js";
import { StatsRef } from "./stats.js";

export const IssueRef = builder.objectRef<IssueNode>("Issue");

export const SectionKindEnum = builder.enumType("SectionKind", {
  values: {
    NEWS: { value: "news" },
    EVENTS: { value: "events" },
    PRODUCTS: { value: "products" },
    MEMBERS: { value: "members" },
    STATS: { value: "stats" },
    OTHER: { value: "other" },
  } as const,
});

const SectionItemRef = builder.objectRef<ItemRow>("SectionItem").implement({
  fields: (t) => ({
    title: t.exposeString("title", { nullable: true }),
    body: t.field({ type: RichTextRef, nullable: true, resolve: richTextOf((i) => i.bodyMd) }),
    url: t.exposeString("url", { nullable: true }),
    people: t.field({
      type: [PersonRef],
      resolve: (item, _args, ctx) => ctx.loaders.issues.itemPeople.load(item.id),
    }),
    related: t.field({
      type: ContentRef,
      nullable: true,
      description: "The archive entry this item is about, when it is one (and visible).",
      resolve: (item, _args, ctx) =>
        item.relatedContentId == null ? null : ctx.loaders.content.load(item.relatedContentId),
    }),
  }),
});

const IssueSectionRef = builder.objectRef<SectionRow>("IssueSection").implement({
  fields: (t) => ({
    kind: t.field({ type: SectionKindEnum, resolve: (s) => s.kind }),
    title: t.exposeString("title"),
    items: t.field({
      type: [SectionItemRef],
      resolve: (section, _args, ctx) => ctx.loaders.issues.items.load(section.id),
    }),
  }),
});

builder.node(IssueRef, {
  interfaces: [ContentRef],
  id: { resolve: (i) => i.id },
  fields: (t) => ({
    volume: t.exposeInt("volume"),
    number: t.exposeInt("number"),
    summary: t.exposeString("summary", { nullable: true }),
    intro: t.field({ type: RichTextRef, nullable: true, resolve: richTextOf((i) => i.introMd) }),
    sections: t.field({
      type: [IssueSectionRef],
      resolve: (issue, _args, ctx) => ctx.loaders.issues.sections.load(issue.id),
    }),
    stats: t.field({
      type: StatsRef,
      nullable: true,
      resolve: (issue, _args, ctx) =>
        issue.statsId == null ? null : ctx.loaders.stats.stats.load(issue.statsId),
    }),
    fullNewsletterUrl: t.exposeString("fullNewsletterUrl", { nullable: true }),
  }),
});

const IssueConnectionRef = builder.connectionObject(
  { type: IssueRef, name: "IssueConnection" },
  { name: "IssueEdge" },
);

builder.queryFields((t) => ({
  issue: t.field({
    type: IssueRef,
    nullable: true,
    description: "One issue, by slug or by volume and number.",
    args: {
      slug: t.arg.string(),
      volume: t.arg.int(),
      number: t.arg.int(),
    },
    resolve: async (_root, { slug, volume, number }, ctx) => {
      const byNumber = volume != null || number != null;
      if ((slug != null) === byNumber || (byNumber && (volume == null || number == null))) {
        throw clientError("BAD_USER_INPUT", 'Pass either "slug", or both "volume" and "number".');
      }
      ctx.deps.list(["issue"]);
      const id =
        slug != null
          ? await contentIdForSlug(ctx.db, "issue", slug, ctx.loaders.visibility)
          : await issueIdByNumber(
              ctx.db,
              volume as number,
              number as number,
              ctx.loaders.visibility,
            );
      return id == null ? null : ctx.loaders.issue.load(id);
    },
  }),
  issues: t.connection(
    {
      type: IssueRef,
      description: "Issues, newest first.",
      args: { filter: t.arg({ type: ContentFilterInput }) },
      complexity: pageComplexity,
      resolve: (_root, args, ctx) =>
        contentConnection(
          ctx,
          args,
          applyContentFilter({ visibility: ctx.loaders.visibility, types: ["issue"] }, args.filter),
          (rows) => ctx.loaders.issue.loadMany(rows.map((r) => r.id)),
        ),
    },
    IssueConnectionRef,
  ),
}));
