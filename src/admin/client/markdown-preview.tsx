/** A Markdown field's live preview, rendered by the API (renderMarkdown) as readers get it. */
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { Notice } from "./ui";

const RENDER = `query($md: String!) { renderMarkdown(markdown: $md) { html problem } }`;

/** Rendered a moment after typing stops; markup a save would refuse is said above it. */
export function MarkdownPreview({ title, markdown }: { title: string; markdown: string }) {
  const [rendered, setRendered] = useState<{ html: string; problem: string | null } | null>(null);
  useEffect(() => {
    if (!markdown.trim()) {
      setRendered(null);
      return;
    }
    const timer = setTimeout(() => {
      gql<{ renderMarkdown: { html: string; problem: string | null } }>(RENDER, {
        md: markdown,
      }).then(
        (d) => setRendered(d.renderMarkdown),
        (e: Error) => setRendered({ html: "", problem: e.message }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [markdown]);
  return (
    <section class="panel" aria-labelledby="md-preview-title">
      <h2 id="md-preview-title">{title}</h2>
      {rendered?.problem ? <Notice kind="warn">{rendered.problem}</Notice> : null}
      <div
        class="rendered"
        aria-live="polite"
        // Rendered and sanitized by the API (renderMarkdown), as readers will get it.
        dangerouslySetInnerHTML={{ __html: rendered?.html ?? "" }}
      />
    </section>
  );
}
