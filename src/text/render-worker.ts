/** A worker thread's task (see offload.ts): render one Markdown text and check it for writes. */
import { findMarkupProblem, type Prepared, renderFresh } from "./rich-text.js";

export default function prepare(markdown: string): Prepared {
  return { rendered: renderFresh(markdown), problem: findMarkupProblem(markdown) };
}
