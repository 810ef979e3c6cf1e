/**
 * Streaming XML for imports: saxes (strict XML 1.0 with namespaces, line and column in every
 * error, no DTD processing at all) fed chunk by chunk, handing over one finished record (an
 * RSS item, an Atom entry, a WordPress post) at a time, so a 200 MB export never sits in
 * memory whole. A document with a DOCTYPE is refused outright: WordPress exports and feeds
 * have none, and it is where entity bombs (billion laughs) and external entities (XXE) live.
 */
import { SaxesParser, type SaxesTagNS } from "saxes";

/** An element with its children: what one record of a document holds. */
export interface XmlElement {
  /** Namespace URI ("" for none). */
  uri: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA, concatenated. */
  text: string;
  /** Text and children in document order (mixed content: Atom xhtml). */
  parts: (XmlElement | string)[];
}

/** Why a document could not be read, with where (1-based line and column). */
export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export const REFUSED_DOCTYPE =
  "refused: the document has a DOCTYPE declaration; exports and feeds need none, and its entities (entity expansion bombs, external entities) are never processed";

/**
 * Read a document as a stream of records: every element at `recordDepth(root)` (1 = the root's
 * children) is built whole and passed to `onRecord`; everything above it is only named.
 * `onRecord` may return a promise: the next chunk is read only after it settles (backpressure).
 */
export async function readRecords(
  chunks: AsyncIterable<string | Uint8Array>,
  options: {
    /** Named in error messages. */
    name: string;
    /** Depth of the records below the root element, told its name and namespace. */
    recordDepth(root: { uri: string; local: string }): number;
    onRecord(record: XmlElement, root: { uri: string; local: string }): unknown;
  },
): Promise<{ uri: string; local: string }> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let failure: XmlError | null = null;
  const fail = (message: string) => {
    failure ??= new XmlError(
      `${options.name}:${parser.line}:${parser.column}: ${message}`,
      parser.line,
      parser.column,
    );
  };
  let root: { uri: string; local: string } | null = null;
  let depth = 0;
  let wanted = 1;
  const stack: XmlElement[] = [];
  let ready: XmlElement[] = [];
  parser.on("doctype", () => fail(REFUSED_DOCTYPE));
  parser.on("error", (error) => fail(error.message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, "")));
  parser.on("opentag", (tag: SaxesTagNS) => {
    depth++;
    if (!root) {
      root = { uri: tag.uri, local: tag.local };
      wanted = options.recordDepth(root);
    }
    if (depth - 1 < wanted) return;
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) attrs[attr.local] = attr.value;
    const node: XmlElement = {
      ...{ uri: tag.uri, local: tag.local, attrs },
      ...{ children: [], text: "", parts: [] },
    };
    stack.at(-1)?.children.push(node);
    stack.at(-1)?.parts.push(node);
    stack.push(node);
  });
  const onText = (text: string) => {
    const top = stack.at(-1);
    if (!top) return;
    top.text += text;
    top.parts.push(text);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    depth--;
    if (depth < wanted) return;
    const node = stack.pop();
    if (node && stack.length === 0) ready.push(node);
  });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const feed = async (text: string) => {
    parser.write(text);
    if (failure) throw failure;
    const records = ready;
    ready = [];
    for (const record of records)
      await options.onRecord(record, root as { uri: string; local: string });
  };
  try {
    for await (const chunk of chunks)
      await feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    await feed(decoder.decode());
  } catch (error) {
    if (error instanceof TypeError && /encoded data|decode/i.test(error.message))
      fail("not UTF-8 text");
    if (failure) throw failure;
    throw error;
  }
  parser.close();
  if (failure) throw failure;
  if (!root) throw new XmlError(`${options.name}: empty document`, 1, 1);
  return root;
}

/** The first child named `local` (in namespace `uri` when given). */
export function child(el: XmlElement, local: string, uri?: string): XmlElement | undefined {
  return el.children.find((c) => c.local === local && (uri === undefined || c.uri === uri));
}

/** Every child named `local` (in namespace `uri` when given). */
export function children(el: XmlElement, local: string, uri?: string): XmlElement[] {
  return el.children.filter((c) => c.local === local && (uri === undefined || c.uri === uri));
}

/** The trimmed text of the first child named `local`, or null when absent or blank. */
export function textOf(el: XmlElement, local: string, uri?: string): string | null {
  const text = child(el, local, uri)?.text.trim();
  return text ? text : null;
}
