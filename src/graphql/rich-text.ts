import { prepareMarkdown } from "../text/offload.js";
import { type RichText, renderMarkdown } from "../text/rich-text.js";
import { builder } from "./builder.js";

export const RichTextRef = builder.objectRef<RichText>("RichText").implement({
  description: "Stored Markdown with its renderings. `html` is sanitized; `text` is plain.",
  fields: (t) => ({
    markdown: t.exposeString("markdown"),
    html: t.exposeString("html"),
    text: t.exposeString("text"),
  }),
});

/** Field options for an optional Markdown column rendered as RichText (long texts off the loop). */
export function richTextOf<T>(get: (parent: T) => string | null | undefined) {
  return async (parent: T) => {
    const md = get(parent);
    if (md == null) return null;
    await prepareMarkdown([md]);
    return renderMarkdown(md);
  };
}
