import { createHash } from "node:crypto";
import { decodeHTML } from "entities";
import { Parser } from "htmlparser2";
import { LRUCache } from "lru-cache";
import MarkdownIt, { type Token } from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { CONTROL_CHARACTERS } from "./control.js";

/** Stored Markdown with its two derived forms. `html` is always sanitized. */
export interface RichText {
  markdown: string;
  html: string;
  text: string;
}

/**
 * CommonMark plus GFM tables, strikethrough and autolinks. markdown-it because it parses in
 * linear time on pathological input (runs of `_`, `*`, `[`, `>`: its authors test for them;
 * marked took 19 s on 98 KB of `_a` and overflowed the stack on 5,000 `>`). Raw HTML is let
 * through to the sanitizer below, and every link to the check in unsafeMarkup, so that editors
 * are told what readers would not get instead of having it silently turned into text.
 */
const md = new MarkdownIt("default", { html: true, linkify: true });
md.validateLink = () => true;

/** How deep blocks and inline markup may nest (quotes in quotes, lists in lists, emphasis). */
export const MAX_NESTING = 32;
/** The "default" preset's own bound (100): markup nested deeper is left unparsed. */
const PARSER_DEPTH = 99;

const CONTROLS = new RegExp(CONTROL_CHARACTERS.source, "g");

/** Remove control characters that entity decoding let in (`&#1;` → U+0001). */
const withoutControls = (s: string) => s.replace(CONTROLS, "");

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
/** Write-time checks already made, by the same key (null problem: the text is clean). */
const checked = new LRUCache<string, { problem: MarkupProblem | null }>({ max: 1_000 });

const keyOf = (markdown: string) => createHash("sha1").update(markdown).digest("base64");

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** Why a Markdown text cannot be stored as it is (a stable code and a sentence). */
export interface MarkupProblem {
  code: "UNSAFE_MARKUP" | "NESTING_TOO_DEEP";
  message: string;
}

/**
 * What in a Markdown text would be removed on the way out: a tag or attribute outside the
 * allowlist (script, iframe, onclick…) or a link to another scheme (javascript:, data:).
 * Editors are told at write time instead of having content silently change; null when clean.
 */
export function markupProblem(markdown: string): MarkupProblem | null {
  const key = keyOf(markdown);
  const known = checked.get(key);
  if (known) return known.problem;
  const problem = findMarkupProblem(markdown);
  checked.set(key, { problem });
  return problem;
}

/** markupProblem without the memo (what the render worker runs). */
export function findMarkupProblem(markdown: string): MarkupProblem | null {
  const tokens = md.parse(markdown, {});
  const depth = deepest(tokens);
  if (depth > MAX_NESTING) {
    const found = depth >= PARSER_DEPTH ? "too many" : depth;
    const message = `nests ${found} levels deep (quotes, lists or emphasis; at most ${MAX_NESTING})`;
    return { code: "NESTING_TOO_DEEP", message };
  }
  const problem = unsafeMarkup(md.renderer.render(tokens, md.options, {}));
  if (!problem) return null;
  return { code: "UNSAFE_MARKUP", message: `contains markup readers would not get: ${problem}` };
}

/** The first tag, attribute or link in rendered HTML that the sanitizer would drop. */
function unsafeMarkup(html: string): string | null {
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

/**
 * How many containers (quotes, lists and their items, emphasis, links) the deepest point of a
 * parsed document is inside; paragraphs do not count.
 */
function deepest(tokens: Token[], base = 0): number {
  let max = 0;
  for (const t of tokens) {
    if (t.nesting === 1 && t.type !== "paragraph_open") max = Math.max(max, base + t.level + 1);
    if (t.children) max = Math.max(max, deepest(t.children, base + t.level));
  }
  return max;
}

/** Sanitize an HTML fragment for readers (used on the way out of every surface). */
export function sanitize(html: string): string {
  return withoutControls(sanitizeHtml(html, SANITIZE));
}

/**
 * Sanitize imported HTML (a WordPress post, a feed entry) by the same allowlist before it is
 * turned into Markdown; presentational tags that carry meaning become their allowed
 * equivalents (b → strong, i → em) and block wrappers become paragraphs, so their text keeps
 * its emphasis and its breaks.
 */
export function sanitizeImported(html: string): string {
  const block = sanitizeHtml.simpleTransform("p", {});
  return withoutControls(
    sanitizeHtml(html, {
      ...SANITIZE,
      transformTags: {
        ...SANITIZE.transformTags,
        b: "strong",
        i: "em",
        strike: "del",
        div: block,
        section: block,
        article: block,
        figure: block,
        figcaption: block,
      },
    }),
  );
}

/** Plain text of an HTML fragment: tags dropped, entities decoded, blank runs collapsed. */
export function htmlToText(html: string): string {
  const stripped = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return withoutControls(decodeHTML(stripped))
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Markdown → { markdown, html (sanitized), text }, without the memo (the render worker's work). */
export function renderFresh(markdown: string): RichText {
  const html = sanitize(md.render(markdown)).trim();
  return { markdown, html, text: htmlToText(html) };
}

/** Markdown → { markdown, html (sanitized), text }, memoised by content hash. */
export function renderMarkdown(markdown: string): RichText {
  const key = keyOf(markdown);
  const hit = cache.get(key);
  if (hit) return hit;
  const rendered = renderFresh(markdown);
  cache.set(key, rendered);
  return rendered;
}

/** Whether renderMarkdown and markupProblem would both answer this text from their memos. */
export const isPrepared = (markdown: string) => {
  const key = keyOf(markdown);
  return cache.has(key) && checked.has(key);
};

/** What a worker thread made of one text: its rendering and its write-time check. */
export interface Prepared {
  rendered: RichText;
  problem: MarkupProblem | null;
}

/** Keep what a worker thread made of a text, for renderMarkdown and markupProblem. */
export function remember({ rendered, problem }: Prepared): void {
  const key = keyOf(rendered.markdown);
  cache.set(key, rendered);
  checked.set(key, { problem });
}
