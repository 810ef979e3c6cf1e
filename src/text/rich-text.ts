import { createHash } from "node:crypto";
import { decodeHTML } from "entities";
import { Parser } from "htmlparser2";
import { LRUCache } from "lru-cache";
import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/** Stored Markdown with its two derived forms. `html` is always sanitized. */
export interface RichText {
  markdown: string;
  html: string;
  text: string;
}

// GFM, no raw-HTML trust: whatever HTML the Markdown carries is sanitized below.
const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Tags and attributes a reader's page may receive; everything else is dropped. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "s",
    "sup",
    "sub",
    "a",
    "ul",
    "ol",
    "li",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title"],
    th: ["align"],
    td: ["align"],
    ol: ["start"],
    code: ["class"],
  },
  // Fenced code keeps its language for highlighters; nothing else keeps a class.
  allowedClasses: { code: ["language-*"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href", "src"],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "nofollow noopener" }, true),
  },
};

const cache = new LRUCache<string, RichText>({ max: 5_000 });

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/**
 * What in a Markdown text would be removed on the way out: a tag or attribute outside the
 * allowlist (script, iframe, onclick…) or a link to another scheme (javascript:, data:).
 * Editors are told at write time instead of having content silently change; null when clean.
 */
export function unsafeMarkup(markdown: string): string | null {
  const html = marked.parse(markdown) as string;
  const allowedTags = new Set(SANITIZE.allowedTags || []);
  const allowedAttributes = (SANITIZE.allowedAttributes || {}) as Record<string, string[]>;
  let problem: string | null = null;
  const parser = new Parser({
    onopentag(name, attributes) {
      if (problem) return;
      if (!allowedTags.has(name)) {
        problem = `<${name}> is not allowed`;
        return;
      }
      for (const [attr, value] of Object.entries(attributes)) {
        if (!(allowedAttributes[name] ?? []).includes(attr)) {
          problem = `the ${attr} attribute of <${name}> is not allowed`;
          return;
        }
        if (attr === "href" || attr === "src") {
          // sanitize-html drops protocol-relative URLs (allowProtocolRelative: false) after
          // removing blanks and reading a backslash as a slash: judge them the same way.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: mirrors sanitize-html's blank stripping
          if (/^[\\/][\\/]/.test(value.replace(/[\u0000-\u0020]+/g, ""))) {
            problem = `links must name their scheme, https:// or http:// (found ${JSON.stringify(value.slice(0, 40))})`;
            return;
          }
          let scheme: string | null = null;
          try {
            scheme = new URL(value, "relative:/").protocol;
          } catch {
            scheme = null;
          }
          if (scheme !== "relative:" && (!scheme || !SAFE_SCHEMES.has(scheme))) {
            problem = `links must be http(s) or mailto (found ${JSON.stringify(value.slice(0, 40))})`;
            return;
          }
        }
      }
    },
  });
  parser.write(html);
  parser.end();
  return problem;
}

/** Sanitize an HTML fragment for readers (used on the way out of every surface). */
export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Plain text of an HTML fragment: tags dropped, entities decoded, blank runs collapsed. */
export function htmlToText(html: string): string {
  const stripped = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return decodeHTML(stripped)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Markdown → { markdown, html (sanitized), text }, memoised by content hash. */
export function renderMarkdown(markdown: string): RichText {
  const key = createHash("sha1").update(markdown).digest("base64");
  const hit = cache.get(key);
  if (hit) return hit;
  const html = sanitize(marked.parse(markdown) as string).trim();
  const rendered = { markdown, html, text: htmlToText(html) };
  cache.set(key, rendered);
  return rendered;
}
