import { renderMarkdown } from "./rich-text.js";

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Already-safe HTML, passed through `html` templates unescaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

type Part = string | number | SafeHtml | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part == null || part === false) return "";
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/** Tagged template: every interpolation is escaped unless it is SafeHtml (or a list of them). */
export function html(strings: TemplateStringsArray, ...parts: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  parts.forEach((part, i) => {
    out += render(part) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

/** Mark sanitized HTML (from rich-text.ts) as safe to embed. */
export const trusted = (value: string | null | undefined) => new SafeHtml(value ?? "");

/** Stored Markdown as safe HTML to embed (rendered and sanitized); empty when absent. */
export const markdownHtml = (value: string | null | undefined) =>
  trusted(value ? renderMarkdown(value).html : "");

/** A summary's length in feeds and cards. */
export const SUMMARY_LENGTH = 280;

/** Plain text cut at a word boundary to at most `length` characters, with an ellipsis. */
export function clip(text: string, length = SUMMARY_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).replace(/\s+\S*$/, "")}…`;
}
