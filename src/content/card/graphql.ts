/**
 * What a list card and a page head need, on every entry through the Content interface, so a
 * timeline card needs no type fragments: excerpt, body, cover image, SEO fields, reading time.
 */
import { builder } from "../../graphql/builder.js";
import type { Context } from "../../graphql/context.js";
import { RichTextRef } from "../../graphql/rich-text.js";
import type { EntryRecord } from "../../read/reader.js";
import {
  EXCERPT_LENGTH,
  excerpt,
  firstImage,
  type ImageRef,
  readingMinutes,
  SEO_DESCRIPTION_LENGTH,
  WORDS_PER_MINUTE,
} from "../../text/card.js";
import { prepareMarkdown } from "../../text/offload.js";
import { renderMarkdown } from "../../text/rich-text.js";
import { ContentRef } from "../entry/graphql.js";
import type { CardSource } from "../entry/kind.js";
import { KINDS } from "../kinds.js";
import { cardLoaders } from "./loaders.js";

interface Seo {
  title: string;
  description: string;
  image: ImageRef | null;
}

export const ImageObject = builder.objectRef<ImageRef & { width?: number; height?: number }>(
  "Image",
);
ImageObject.implement({
  description: "A picture: its address, its alternative text, and its size when known.",
  fields: (t) => ({
    url: t.exposeString("url"),
    alt: t.exposeString("alt", { nullable: true }),
    width: t.int({ nullable: true, resolve: (i) => i.width ?? null }),
    height: t.int({ nullable: true, resolve: (i) => i.height ?? null }),
  }),
});

const SeoObject = builder.objectRef<Seo>("Seo").implement({
  description: "What a page head and a link preview show of an entry.",
  fields: (t) => ({
    title: t.exposeString("title", { description: "The entry's title." }),
    description: t.exposeString("description", {
      description: `The excerpt, cut at a word to at most ${SEO_DESCRIPTION_LENGTH} characters.`,
    }),
    image: t.field({ type: ImageObject, nullable: true, resolve: (s) => s.image }),
  }),
});

const NO_CARD: CardSource = { summary: null, bodyMd: null, image: null };

/** The entry's card source, through its type's loaders (no statement beyond its record's). */
async function cardOf(ctx: Context, entry: EntryRecord): Promise<CardSource> {
  const card = (await KINDS[entry.type].card(ctx.reader, entry.id)) ?? NO_CARD;
  await prepareMarkdown([card.bodyMd]);
  return card;
}

const bodyOf = (card: CardSource) => (card.bodyMd == null ? null : renderMarkdown(card.bodyMd));

const coverOf = (card: CardSource): ImageRef | null => {
  const body = bodyOf(card);
  return (body && firstImage(body.html)) ?? card.image;
};

const excerptOf = (card: CardSource, length = EXCERPT_LENGTH) =>
  excerpt(card.summary, bodyOf(card)?.text ?? null, length);

builder.interfaceFields(ContentRef, (t) => ({
  excerpt: t.string({
    description: `Plain text for a card: the entry's summary, else the start of its text, at most ${EXCERPT_LENGTH} characters ("" when it has neither).`,
    resolve: async (entry, _args, ctx) => excerptOf(await cardOf(ctx, entry)),
  }),
  body: t.field({
    type: RichTextRef,
    nullable: true,
    description:
      "The entry's main text under one name: an issue's intro, an announcement's body, an event's or a poll's description.",
    resolve: async (entry, _args, ctx) => bodyOf(await cardOf(ctx, entry)),
  }),
  coverImage: t.field({
    type: ImageObject,
    nullable: true,
    description:
      "The entry's picture: the first image of its body, else its own (a poll's first option picture).",
    resolve: async (entry, _args, ctx) => coverOf(await cardOf(ctx, entry)),
  }),
  seo: t.field({
    type: SeoObject,
    resolve: async (entry, _args, ctx) => {
      const card = await cardOf(ctx, entry);
      const description = excerptOf(card, SEO_DESCRIPTION_LENGTH);
      return { title: entry.title, description, image: coverOf(card) };
    },
  }),
  readingTime: t.int({
    description: `Minutes to read the whole entry at ${WORDS_PER_MINUTE} words a minute, at least 1.`,
    resolve: async (entry, _args, ctx) =>
      readingMinutes(await ctx.reader.use(cardLoaders).words.load(entry.id)),
  }),
}));
