/**
 * HTML from elsewhere (a WordPress post, a feed entry) → the Markdown entries store. The HTML
 * is sanitized by the write path's allowlist first (src/text/rich-text.ts), so the Markdown
 * holds nothing the write-time check would refuse; turndown (maintained, the converter most
 * projects use, rule-based so links and images can be made absolute) writes the Markdown.
 */
import { Parser } from "htmlparser2";
import TurndownService from "turndown";
import { sanitizeImported } from "./rich-text.js";

/** Elements whose content readers would lose: named in the import's warnings. */
const LOST = new Set([
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "video",
  "audio",
  "form",
  "input",
  "button",
  "select",
  "textarea",
  "noscript",
  "svg",
  "canvas",
]);

/** A URL made absolute against the page it came from; as it was when that fails. */
function absolute(url: string, base: string | undefined): string {
  if (!base) return url;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

function converter(base: string | undefined): TurndownService {
  const td = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
    emDelimiter: "_",
    hr: "---",
    // A backslash hard break survives the trailing-blank cleanup below (two spaces would not).
    br: "\\",
  });
  // Tables stay HTML (Markdown tables cannot hold every table); the allowlist already cleaned them.
  td.keep(["table"]);
  const escapeText = (s: string) => s.replace(/([\\[\]])/g, "\\$1");
  td.addRule("image", {
    filter: "img",
    replacement: (_content, node) => {
      const el = node as HTMLElement;
      const src = el.getAttribute("src");
      if (!src) return "";
      const alt = escapeText(el.getAttribute("alt") ?? "");
      const url = absolute(src, base).replace(/[()\s]/g, encodeURIComponent);
      return `![${alt}](${url})`;
    },
  });
  td.addRule("link", {
    filter: (node) => node.nodeName === "A" && Boolean(node.getAttribute("href")),
    replacement: (content, node) => {
      const href = absolute((node as HTMLElement).getAttribute("href") as string, base);
      if (!content.trim()) return "";
      return `[${content}](${href.replace(/[()\s]/g, encodeURIComponent)})`;
    },
  });
  return td;
}

export interface Converted {
  markdown: string;
  /** Elements dropped with their content ("iframe" ×2 → ["iframe", "iframe"]). */
  dropped: string[];
}

/** HTML → sanitized Markdown; `base` resolves relative links and image sources. */
export function htmlToMarkdown(html: string, base?: string): Converted {
  const dropped: string[] = [];
  let inside = 0;
  const parser = new Parser({
    onopentag(name) {
      if (!LOST.has(name)) return;
      if (inside === 0) dropped.push(name);
      inside++;
    },
    onclosetag(name) {
      if (LOST.has(name) && inside > 0) inside--;
    },
  });
  parser.end(html);
  const clean = sanitizeImported(html);
  const markdown = converter(base)
    .turndown(clean)
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { markdown, dropped };
}
