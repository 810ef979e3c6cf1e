/**
 * A live preview of Markdown for editors (the /admin app's editor): rendered and sanitized
 * exactly as readers will get it, with the write-time check's verdict, so what the preview
 * shows is what a save stores. Nothing is stored.
 */
import { clientError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import { prepareMarkdown } from "../../text/offload.js";
import { type MarkupProblem, markupProblem, renderMarkdown } from "../../text/rich-text.js";
import { LIMITS } from "../../validation.js";

interface Rendering {
  html: string;
  text: string;
  problem: MarkupProblem | null;
}

const MarkdownRenderingRef = builder.objectRef<Rendering>("MarkdownRendering").implement({
  description: "Markdown as readers will get it, and what a save would refuse in it.",
  fields: (t) => ({
    html: t.exposeString("html", { description: "Sanitized HTML, as RichText.html." }),
    text: t.exposeString("text"),
    problemCode: t.string({
      nullable: true,
      description: "UNSAFE_MARKUP or NESTING_TOO_DEEP when a save would refuse this text.",
      resolve: (r) => r.problem?.code ?? null,
    }),
    problem: t.string({ nullable: true, resolve: (r) => r.problem?.message ?? null }),
  }),
});

builder.queryField("renderMarkdown", (t) =>
  t.field({
    type: MarkdownRenderingRef,
    description:
      "Editors: render Markdown with the API's renderer and sanitizer, for a live preview (nothing is stored).",
    authScopes: { editor: true },
    args: { markdown: t.arg.string({ required: true }) },
    resolve: async (_root, { markdown }) => {
      if (markdown.length > LIMITS.markdown) {
        throw clientError(
          "BAD_USER_INPUT",
          `Markdown is limited to ${LIMITS.markdown} characters.`,
        );
      }
      await prepareMarkdown([markdown]);
      const { html, text } = renderMarkdown(markdown);
      return { html, text, problem: markupProblem(markdown) };
    },
  }),
);
