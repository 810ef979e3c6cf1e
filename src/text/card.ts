/** What a list card or a page head says of an entry, derived from its text. */
import { Parser } from "htmlparser2";
import { clip } from "./html.js";

/** An excerpt's length: a card's few sentences (Ghost's and WordPress's are about as long). */
export const EXCERPT_LENGTH = 280;
/** A search result page's or social card's description (what search engines show). */
export const SEO_DESCRIPTION_LENGTH = 160;
/** Adult silent reading of prose, as Ghost's and Medium's reading times count it. */
export const WORDS_PER_MINUTE = 275;

/** The entry's own summary if it states one, else the start of its text; "" when neither. */
export function excerpt(summary: string | null, text: string | null, length = EXCERPT_LENGTH) {
  const own = summary?.trim();
  return clip(own ? own : (text ?? ""), length);
}

/** Whole minutes to read `words` words, at least one. */
export const readingMinutes = (words: number) => Math.max(1, Math.round(words / WORDS_PER_MINUTE));

export interface ImageRef {
  url: string;
  alt: string | null;
}

/** The first picture in sanitized HTML (only http(s) sources survive the sanitizer). */
export function firstImage(html: string): ImageRef | null {
  if (!html.includes("<img")) return null;
  let found: ImageRef | null = null;
  const parser = new Parser({
    onopentag(name, attrs) {
      if (found || name !== "img" || !attrs.src) return;
      found = { url: attrs.src, alt: attrs.alt?.trim() || null };
      parser.pause();
    },
  });
  parser.end(html);
  return found;
}
