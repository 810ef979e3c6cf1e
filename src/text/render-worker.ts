/** A worker thread's task (see offload.ts): render one Markdown text. */
import { type RichText, renderFresh } from "./rich-text.js";

export default function render(markdown: string): RichText {
  return renderFresh(markdown);
}
