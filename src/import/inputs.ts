/** A source item → the input of the content type it maps to (src/import/mapping.ts). */
import { slugFromTitle } from "../editorial/slugs.js";
import type { ContentType } from "../registry.js";
import { htmlToMarkdown } from "../text/from-html.js";
import { htmlToText } from "../text/rich-text.js";
import { LIMITS } from "../validation.js";
import type { SourceItem } from "./item.js";
import type { Mapping } from "./mapping.js";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A source's slug (percent-encoded in WordPress) as a valid slug. */
export const slugOf = (raw: string) => {
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {}
  return SLUG.test(decoded) && decoded.length <= 200 ? decoded : slugFromTitle(decoded);
};

/** One line of plain text from HTML-ish source text, at most `max` characters. */
export function oneLine(html: string | null, max: number): string | null {
  if (!html) return null;
  const text = htmlToText(html).replace(/\s+/g, " ").trim();
  if (!text) return null;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

export const validUrl = (url: string | null) => {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
};

/**
 * The content type's input for an item (validated afterwards by the type's own schema), or
 * the reason it cannot be one. `warn` hears what was lost or made up on the way.
 */
export function entryInput(
  type: ContentType,
  item: SourceItem,
  title: string,
  mapping: Mapping,
  warn: (message: string) => void,
): Record<string, unknown> | string {
  const base = item.link ?? undefined;
  let body: string | null = null;
  if (item.bodyHtml?.trim()) {
    const converted = htmlToMarkdown(item.bodyHtml, base);
    const dropped = new Map<string, number>();
    for (const d of converted.dropped) dropped.set(d, (dropped.get(d) ?? 0) + 1);
    for (const [tag, n] of dropped)
      warn(`dropped <${tag}>${n > 1 ? ` ×${n}` : ""} (readers would not get it)`);
    body = converted.markdown || null;
  }
  // Entries have no cover field: their cover is their body's first image, so a featured
  // image the body does not start with goes first.
  const cover = validUrl(item.cover);
  const first = body?.match(/!\[[^\]]*\]\(([^)\s]+)/)?.[1];
  if (cover && first !== cover) body = `![](${cover})${body ? `\n\n${body}` : ""}`;
  if (body && body.length > LIMITS.markdown)
    return `body is ${body.length} characters of Markdown (at most ${LIMITS.markdown})`;
  const summary = oneLine(item.summaryHtml, LIMITS.shortText);
  switch (type) {
    case "announcement":
      return {
        title,
        kind: mapping.announcementKind,
        summary,
        body,
        sourceUrl: validUrl(item.link),
      };
    case "issue": {
      const m = title.match(new RegExp(mapping.issueNumber, "i"));
      if (!m?.[1] || !m[2])
        return `an issue needs a volume and a number, and the title does not state them (pattern /${mapping.issueNumber}/i)`;
      return {
        title,
        volume: Number(m[1]),
        number: Number(m[2]),
        summary,
        intro: body,
        fullNewsletterUrl: validUrl(item.link),
      };
    }
    case "event": {
      if (mapping.eventDates === "skip")
        return "an event needs its start and end, which a post does not state (mapping eventDates: skip)";
      if (!item.publishedAt) return "an event needs a date, and the item has none";
      warn("event: start and end set to the post's publication time (placeholder)");
      return { title, startsAt: item.publishedAt, endsAt: item.publishedAt, description: body };
    }
    default:
      return `a ${type} cannot be made from a post`;
  }
}
