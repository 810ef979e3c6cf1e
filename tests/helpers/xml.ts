import { SaxesParser } from "saxes";

export interface XmlNode {
  uri: string;
  local: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses with saxes (strict, namespace-aware XML 1.0); throws on any well-formedness error. */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const errors: string[] = [];
  const stack: XmlNode[] = [];
  const roots: XmlNode[] = [];
  parser.on("error", (e) => errors.push(e.message));
  parser.on("opentag", (tag) => {
    const attrs: Record<string, string> = {};
    for (const [name, attr] of Object.entries(tag.attributes)) attrs[name] = attr.value;
    const node: XmlNode = { uri: tag.uri, local: tag.local, attrs, children: [], text: "" };
    (stack.at(-1)?.children ?? roots).push(node);
    stack.push(node);
  });
  const onText = (text: string) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => stack.pop());
  parser.write(xml).close();
  const [root] = roots;
  if (errors.length > 0 || !root) throw new Error(`not well-formed XML: ${errors.join("; ")}`);
  return root;
}

export function wellFormednessErrors(xml: string): string[] {
  try {
    parseXml(xml);
    return [];
  } catch (e) {
    return [String(e)];
  }
}

export function kids(node: XmlNode | undefined, uri: string, local: string): XmlNode[] {
  return node?.children.filter((c) => c.uri === uri && c.local === local) ?? [];
}
