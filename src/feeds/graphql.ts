/** Feed discovery in GraphQL: every feed, the feeds an entry is in, the feed that follows a list. */
import { ContentRef } from "../content/entry/graphql.js";
import { tagLoaders } from "../content/tags/loaders.js";
import { listTags } from "../content/tags/reads.js";
import { builder } from "../graphql/builder.js";
import { type FeedFormat, type Stream, streamPath } from "../read/urls.js";
import { CONTENT_TYPES, TYPE_NAMES } from "../registry.js";

export interface FeedLinkShape {
  title: string;
  url: string;
  format: FeedFormat | "ical";
  stream: string;
}

const FeedFormatEnum = builder.enumType("FeedFormat", {
  values: {
    RSS: { value: "rss" },
    ATOM: { value: "atom" },
    JSON: { value: "json" },
    ICAL: { value: "ical" },
  } as const,
});

export const FeedLinkRef = builder.objectRef<FeedLinkShape>("FeedLink").implement({
  description: 'A feed a page can advertise with <link rel="alternate">.',
  fields: (t) => ({
    title: t.exposeString("title"),
    url: t.exposeString("url"),
    format: t.field({ type: FeedFormatEnum, resolve: (f) => f.format }),
    stream: t.exposeString("stream", {
      description: "all, issues, announcements, events, polls, or tags/{tag}",
    }),
    mediaType: t.string({
      description: "The type attribute for <link rel=alternate>.",
      resolve: (f) =>
        ({
          rss: "application/rss+xml",
          atom: "application/atom+xml",
          json: "application/feed+json",
          ical: "text/calendar",
        })[f.format],
    }),
  }),
});

const FORMAT_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

/** The three formats of one stream's subscription feed. */
export function feedLinks(publicUrl: string, stream: Stream, label: string): FeedLinkShape[] {
  const path = streamPath(stream);
  return (["atom", "rss", "json"] as const).map((format) => ({
    title: `${label} (${FORMAT_NAMES[format]})`,
    url: `${publicUrl}/feeds/${path}.${format}`,
    format,
    stream: path,
  }));
}

builder.queryField("feeds", (t) =>
  t.field({
    type: [FeedLinkRef],
    description:
      "Every feed: the whole archive, each content type, each tag, and the events calendar.",
    resolve: async (_root, _args, ctx) => {
      const base = ctx.reader.urls.public;
      // Which tags a reader sees follows publications of every type, not only tag edits.
      ctx.reader.cacheTags.shared();
      ctx.reader.cacheTags.list(undefined);
      const tags = await listTags(ctx.reader.db, ctx.reader.visibility);
      return [
        ...feedLinks(base, { kind: "all" }, "Everything"),
        ...CONTENT_TYPES.flatMap((type) => {
          const name = TYPE_NAMES[type].plural;
          return feedLinks(base, { kind: "type", type }, name[0]?.toUpperCase() + name.slice(1));
        }),
        {
          title: "Events (iCalendar)",
          url: `${base}/feeds/events.ics`,
          format: "ical" as const,
          stream: "events",
        },
        ...tags.flatMap((tag) =>
          feedLinks(base, { kind: "tag", tag: tag.slug }, `Tagged ${tag.name}`),
        ),
      ];
    },
  }),
);

builder.interfaceField(ContentRef, "feeds", (t) =>
  t.field({
    type: [FeedLinkRef],
    description: "Feeds this entry appears in: its type's, its tags', the whole archive's.",
    resolve: async (node, _args, ctx) => {
      const base = ctx.reader.urls.public;
      const tags = await ctx.reader.use(tagLoaders).ofEntry.load(node.id);
      const stream: Stream = { kind: "type", type: node.type };
      return [
        ...feedLinks(base, stream, streamPath(stream)),
        ...(node.type === "event"
          ? [
              {
                title: `${node.title} (iCalendar)`,
                url: `${base}/feeds/events/${node.slug}.ics`,
                format: "ical" as const,
                stream: "events",
              },
            ]
          : []),
        ...tags.flatMap((tag) =>
          feedLinks(base, { kind: "tag", tag: tag.slug }, `Tagged ${tag.name}`),
        ),
        ...feedLinks(base, { kind: "all" }, "Everything"),
      ];
    },
  }),
);

builder.globalConnectionField("feeds", (t) =>
  t.field({
    type: [FeedLinkRef],
    description:
      "Feeds that follow this list (empty for lists no feed mirrors, such as search results).",
    resolve: (connection, _args, ctx) =>
      connection.feedStream
        ? feedLinks(
            ctx.reader.urls.public,
            connection.feedStream,
            streamPath(connection.feedStream),
          )
        : [],
  }),
);
