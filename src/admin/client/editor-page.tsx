/**
 * The frame every entry editor shares: heading, notices, the conflict with its comparison,
 * errors on fields the form does not show, the form with its save button, and the side panel
 * (Markdown preview, publication).
 */
import type { ComponentChildren } from "preact";
import { ConflictNotice } from "./conflict";
import { MarkdownPreview } from "./markdown-preview";
import { PendingEditActions, PendingEditBanner, PendingEditNotice } from "./pending-edit";
import { Picker } from "./picker";
import { type EntryState, Publication } from "./publication";
import { Field, Notice } from "./ui";
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
  const entry = e.loaded;
  const revisionOf = entry?.revisionOf ?? null;
  const pendingEdit = entry?.pendingEdit ?? null;
  // A live entry can keep a change aside as its pending edit (one at a time: with one already,
  // changes go into it, from its own page).
  const live = entry !== null && entry.publicationStatus === "PUBLISHED" && revisionOf === null;
  const saving = e.saving ? "Saving…" : null;
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {revisionOf ? `Pending edit of “${revisionOf.title}”` : props.heading}
      </h1>
      {entry && revisionOf ? <PendingEditBanner entry={{ ...entry, revisionOf }} /> : null}
      {entry && pendingEdit ? (
        <PendingEditNotice
          entry={{ ...entry, pendingEdit }}
          dirty={e.dirty}
          reload={e.reload}
          tell={e.tell}
        />
      ) : null}
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
        <form class="entry-form" onSubmit={(ev) => e.save(ev, live && !pendingEdit)} noValidate>
          {props.children}
          <div class="actions">
            {live && !pendingEdit ? (
              <button type="submit" class="primary" disabled={e.saving}>
                {saving ?? "Save as pending edit"}
              </button>
            ) : null}
            {live ? (
              <button
                type={pendingEdit ? "submit" : "button"}
                class={pendingEdit ? "primary" : undefined}
                disabled={e.saving}
                onClick={(ev) => {
                  if (!pendingEdit) void e.save(ev, false);
                }}
              >
                {saving ?? "Update live entry"}
              </button>
            ) : (
              <button type="submit" class="primary" disabled={e.saving}>
                {saving ??
                  (revisionOf ? "Save pending edit" : e.id ? "Save changes" : "Create draft")}
              </button>
            )}
            {e.dirty ? <span class="hint">Unsaved changes</span> : null}
          </div>
        </form>
        <aside class="side">
          {props.preview ? (
            <MarkdownPreview title={props.preview.title} markdown={props.preview.markdown} />
          ) : null}
          {entry ? (
            <>
              {props.side}
              {revisionOf ? (
                <PendingEditActions entry={{ ...entry, revisionOf }} dirty={e.dirty} />
              ) : (
                <Publication entry={entry} dirty={e.dirty} reload={e.reload} />
              )}
            </>
          ) : null}
        </aside>
      </div>
    </section>
  );
}

/**
 * The slug, which every editor has. A pending edit's own slug is internal: publishing it keeps
 * the live entry's (the API ignores a change), so there it is shown read-only.
 */
export function SlugField<L extends EntryState, F extends { slug: string }>(props: {
  editor: ReturnType<typeof useEditor<L, F>>;
}) {
  const { form, set, errors, loaded } = props.editor;
  const pending = Boolean(loaded?.revisionOf);
  return (
    <Field
      label="Slug"
      name="slug"
      value={form.slug}
      onInput={(v) => set("slug", v as F["slug"])}
      errors={errors}
      readOnly={pending}
      hint={
        pending
          ? "A pending edit keeps its live entry's slug when published."
          : "Empty: made from the title."
      }
    />
  );
}

/** The byline and tags, which every editor has, chosen with the people and tag pickers. */
export function BylineAndTags<
  L extends EntryState,
  F extends { authors: string[]; tags: string[] },
>(props: { editor: ReturnType<typeof useEditor<L, F>> }) {
  const { form, set, errors } = props.editor;
  return (
    <>
      <Picker
        kind="people"
        label="Byline"
        name="authors"
        value={form.authors}
        onChange={(v) => set("authors", v as F["authors"])}
        errors={errors}
      />
      <Picker
        kind="tags"
        label="Tags"
        name="tags"
        value={form.tags}
        onChange={(v) => set("tags", v as F["tags"])}
        errors={errors}
      />
    </>
  );
}
