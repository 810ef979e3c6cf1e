/**
 * XML plumbing for the feed writer: cleaning and escaping text, and placeholder "slots".
 *
 * `feed` (via xml-js) builds the document, but its escaping is wrong in several places:
 * a literal `&amp;` in text is written as `&amp;` (read back as `&`), attribute values only get
 * `"` escaped, and only the first `]]>` of a CDATA section is split. So every string handed
 * to `feed` is a placeholder that all of its code paths (text, CDATA, attributes, `new URL()`)
 * pass through unchanged; `Slots.fill` then swaps each placeholder for the cleaned, escaped
 * value, dropping any CDATA wrapper around it. No CDATA survives in the output.
 */

/** XML 1.0 `Char`: anything else (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates) is dropped. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    cp >= 0x10000
  );
}

/** The string without the characters XML cannot carry (JSON gets the same, so formats agree). */
export function cleanText(value: string): string {
  // for..of walks code points; a lone surrogate comes out as a single code unit in D800–DFFF.
  const isClean = (ch: string) => isXmlChar(ch.codePointAt(0) ?? 0);
  for (const ch of value) if (!isClean(ch)) return [...value].filter(isClean).join("");
  return value;
}

/** Escapes cleaned text for element content. CR is kept as a reference so parsers don't fold it. */
export function escapeText(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Escapes cleaned text for a double-quoted attribute value (whitespace kept as references). */
export function escapeAttr(value: string): string {
  return escapeText(value)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

export type Attrs = Record<string, string | number | undefined>;

/** One element written by hand (for what `feed` cannot emit); undefined attributes are omitted. */
export function element(name: string, attrs: Attrs, children?: string): string {
  let open = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined) open += ` ${key}="${escapeAttr(cleanText(String(value)))}"`;
  }
  return children === undefined ? `${open}/>` : `${open}>${children}</${name}>`;
}

/** `<tag>text</tag>` with the text cleaned and escaped. */
export function textElement(name: string, text: string): string {
  return element(name, {}, escapeText(cleanText(text)));
}

// A URL so that `feed`'s `new URL(...)` round-trips it; digits end at the next `<`, `"` or `]`.
const SLOT_PREFIX = "https://slot.feed-writer.invalid/";
const SLOT_PATTERN = /(<!\[CDATA\[)?https:\/\/slot\.feed-writer\.invalid\/(\d+)(\]\]>)?/g;

export class Slots {
  readonly #values: string[] = [];

  /** A placeholder for `value` (cleaned). Each call gives a new, unique placeholder. */
  put(value: string): string {
    this.#values.push(cleanText(value));
    return `${SLOT_PREFIX}${this.#values.length - 1}`;
  }

  /** Like `put`, but undefined when the value is missing or empty once cleaned. */
  opt(value: string | undefined): string | undefined {
    return value === undefined || cleanText(value) === "" ? undefined : this.put(value);
  }

  /** Replaces every placeholder by its value, escaped for where it stands (CDATA becomes text). */
  fill(xml: string): string {
    return xml.replace(
      SLOT_PATTERN,
      (match, open: string | undefined, index: string, close: string | undefined, at: number) => {
        const value = this.#values[Number(index)];
        if (value === undefined || (open === undefined) !== (close === undefined)) {
          throw new Error(`feed writer: unexpected placeholder context ${JSON.stringify(match)}`);
        }
        // Inside a start tag (an attribute value) when the last `<` before it is unclosed.
        const inTag = open === undefined && xml.lastIndexOf("<", at) > xml.lastIndexOf(">", at);
        return inTag ? escapeAttr(value) : escapeText(value);
      },
    );
  }
}

function uniqueIndex(xml: string, anchor: string): number {
  const at = xml.indexOf(anchor);
  if (at < 0 || xml.indexOf(anchor, at + 1) >= 0) {
    throw new Error(`feed writer: expected exactly one ${JSON.stringify(anchor)} in feed's output`);
  }
  return at;
}

/** Replaces the one occurrence of `anchor`; throws if `feed`'s output no longer has that shape. */
export function replaceOnce(xml: string, anchor: string, replacement: string): string {
  const at = uniqueIndex(xml, anchor);
  return xml.slice(0, at) + replacement + xml.slice(at + anchor.length);
}

/** Inserts `elements` right after the one occurrence of `anchor`, each on its own line. */
export function insertAfter(xml: string, anchor: string, elements: readonly string[]): string {
  const at = uniqueIndex(xml, anchor);
  const line = xml.slice(xml.lastIndexOf("\n", at) + 1, at);
  const indent = /^[ \t]*$/.test(line) ? line : "";
  const end = at + anchor.length;
  return xml.slice(0, end) + elements.map((e) => `\n${indent}${e}`).join("") + xml.slice(end);
}

/**
 * Rewrites, one by one, the `<tag>` elements `feed` wrote for `items` (in order), so the cost
 * stays linear in the document's size. Before `fill` the output holds no user text, so every
 * `<tag>` in it is one of `feed`'s own start tags.
 */
export function rewriteEach<T>(
  xml: string,
  tag: string,
  items: readonly T[],
  rewrite: (chunk: string, item: T) => string,
): string {
  const [head = "", ...chunks] = xml.split(`<${tag}>`);
  if (chunks.length !== items.length) {
    throw new Error(`feed writer: expected ${items.length} <${tag}> in feed's output`);
  }
  return [head, ...items.map((item, i) => rewrite(chunks[i] ?? "", item))].join(`<${tag}>`);
}

/** Adds namespace (or other) attributes to the root start tag unless already declared. */
export function addRootAttributes(xml: string, root: string, attrs: Attrs): string {
  const match = new RegExp(`<${root}(?=[\\s>/])[^>]*`).exec(xml);
  if (!match) throw new Error(`feed writer: no <${root}> in feed's output`);
  let tag = match[0];
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && !tag.includes(` ${key}="`)) {
      tag += ` ${key}="${escapeAttr(cleanText(String(value)))}"`;
    }
  }
  return xml.slice(0, match.index) + tag + xml.slice(match.index + match[0].length);
}
