import { clientError } from "../../errors.js";
import { builder, pageComplexity } from "../../graphql/builder.js";
import { Selected } from "../../graphql/lookahead.js";
import { RichTextRef, richTextOf } from "../../graphql/rich-text.js";
import { slugWhere } from "../../read/listing.js";
import {
  applyContentFilter,
  ContentFilterInput,
  ContentRef,
  type PageRead,
  typeConnection,
} from "../entry/graphql.js";
import { PersonRef } from "../people/graphql.js";
import { StatsRef, statsParts } from "../stats/graphql.js";
import { statsLoaders } from "../stats/loaders.js";
import { type IssueNode, issueLoaders, issueRecords, readIssues } from "./loaders.js";
import { type IssueParts, type ItemRow, issueNumberWhere, type SectionRow } from "./reads.js";

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
      resolve: (item, _args, ctx) => ctx.reader.use(issueLoaders).itemPeople.load(item.id),
    }),
    related: t.field({
      type: ContentRef,
      nullable: true,
      description: "The archive entry this item is about, when it is one (and visible).",
      resolve: (item, _args, ctx) =>
        item.relatedContentId == null ? null : ctx.reader.entry(item.relatedContentId),
    }),
  }),
});

const IssueSectionRef = builder.objectRef<SectionRow>("IssueSection").implement({
  fields: (t) => ({
    kind: t.field({ type: SectionKindEnum, resolve: (s) => s.kind }),
    title: t.exposeString("title"),
    items: t.field({
      type: [SectionItemRef],
      resolve: (section, _args, ctx) => ctx.reader.use(issueLoaders).items.load(section.id),
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
      resolve: (issue, _args, ctx) => ctx.reader.use(issueLoaders).sections.load(issue.id),
    }),
    stats: t.field({
      type: StatsRef,
      nullable: true,
      resolve: (issue, _args, ctx) =>
        issue.statsId == null ? null : ctx.reader.use(statsLoaders).stats.load(issue.statsId),
    }),
    fullNewsletterUrl: t.exposeString("fullNewsletterUrl", { nullable: true }),
  }),
});

/** What an issue read brings along, from what the request selects under the issue. */
function issueParts(issue: Selected | null): IssueParts {
  const sections = issue?.field("sections");
  const items = sections?.field("items");
  const stats = issue?.field("stats");
  return {
    sections: sections ? { items: items ? { people: items.has("people") } : null } : null,
    stats: stats ? statsParts(stats) : null,
  };
}

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
    resolve: async (_root, { slug, volume, number }, ctx, info) => {
      const byNumber = volume != null || number != null;
      if ((slug != null) === byNumber || (byNumber && (volume == null || number == null))) {
        throw clientError("BAD_USER_INPUT", 'Pass either "slug", or both "volume" and "number".');
      }
      const { visibility, cacheTags } = ctx.reader;
      cacheTags.list(["issue"]);
      const where =
        slug != null
          ? slugWhere("issue", slug, visibility)
          : issueNumberWhere(volume as number, number as number, visibility);
      if (!where) return null;
      const parts = issueParts(Selected.of(info));
      const [issue] = await readIssues(ctx.reader, { where, orderBy: [], limit: 1 }, parts);
      return issue ? ctx.reader.use(issueRecords).load(issue.id) : null;
    },
  }),
  issues: t.connection(
    {
      type: IssueRef,
      description: "Issues, newest first.",
      args: { filter: t.arg({ type: ContentFilterInput }) },
      complexity: pageComplexity,
      resolve: (_root, args, ctx, info) => {
        const base = { visibility: ctx.reader.visibility, types: ["issue" as const] };
        const query = applyContentFilter(base, args.filter);
        const parts = issueParts(Selected.of(info).path("edges", "node"));
        const read: PageRead = (clauses) => readIssues(ctx.reader, clauses, parts);
        return typeConnection(ctx, args, query, issueRecords, { tag: args.filter?.tag, read });
      },
    },
    IssueConnectionRef,
  ),
}));
