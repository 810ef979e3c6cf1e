/**
 * The frame every entry editor shares: heading, notices, the conflict with its comparison,
 * errors on fields the form does not show, the form with its save button, and the side panel
 * (Markdown preview, publication).
 */
import type { ComponentChildren } from "preact";
import { ConflictNotice } from "./conflict";
import { MarkdownPreview } from "./markdown-preview";
import { type EntryState, Publication } from "./publication";
import { Notice } from "./ui";
import type { useEditor } from "./use-editor";

/** The errors whose field is not on the page (matched by the Field ids, f-path-with-dashes). */
function unmatched(errors: Record<string, string>): [string, string][] {
  return Object.entries(errors).filter(
    ([path]) => !document.getElementById(`f-${path.replace(/\./g, "-")}`),
  );
}

export function EditorPage<L extends EntryState, F extends object>(props: {
  heading: string;
  noun: string;
  editor: ReturnType<typeof useEditor<L, F>>;
  /** Names of the form's top-level fields (the comparison's rows). */
  labels: Record<keyof F & string, string>;
  /** The Markdown shown in the preview panel, with its heading. */
  preview?: { title: string; markdown: string };
  /** More on the side, above publication (a poll's live results link). */
  side?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { editor: e } = props;
  const other = unmatched(e.errors);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {props.heading}
      </h1>
      {e.notice ? <Notice kind={e.notice.kind}>{e.notice.text}</Notice> : null}
      {e.conflict ? (
        <ConflictNotice
          noun={props.noun}
          mine={e.form}
          conflict={e.conflict}
          labels={props.labels}
        />
      ) : null}
      {other.length ? (
        <Notice kind="error">
          <ul>
            {other.map(([path, message]) => (
              <li key={path}>
                {(props.labels as Record<string, string>)[path] ?? path}: {message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <div class="editor">
        <form class="entry-form" onSubmit={e.save} noValidate>
          {props.children}
          <div class="actions">
            <button type="submit" class="primary" disabled={e.saving}>
              {e.saving ? "Saving…" : e.id ? "Save changes" : "Create draft"}
            </button>
            {e.dirty ? <span class="hint">Unsaved changes</span> : null}
          </div>
        </form>
        <aside class="side">
          {props.preview ? (
            <MarkdownPreview title={props.preview.title} markdown={props.preview.markdown} />
          ) : null}
          {e.loaded ? (
            <>
              {props.side}
              <Publication entry={e.loaded} dirty={e.dirty} reload={e.reload} />
            </>
          ) : null}
        </aside>
      </div>
    </section>
  );
}
