/**
 * Pending edits of live entries (`update…(asRevision: true)`): the notice on a live entry that
 * has one (open, preview, publish, discard it), the banner on the pending edit itself, and the
 * actions both share. Readers see the live entry until the pending edit is published, which
 * applies it to the live entry in place (same id and slug).
 */
import { useState } from "preact/hooks";
import { gql } from "./api";
import { entryPath } from "./list";
import {
  type Counterpart,
  DELETE,
  type EntryState,
  type Outcome,
  PREVIEW,
  PUBLISH,
} from "./publication";
import { navigate } from "./router";
import { Link, Notice, when } from "./ui";
import { flashNotice, type NoticeState as Said } from "./use-editor";

/** Publish a pending edit onto its live entry; null when done, else what to say. */
export async function publishPending(pending: Counterpart): Promise<Said> {
  const data = await gql<{ publishContent: Outcome }>(PUBLISH, {
    id: pending.id,
    v: pending.updatedAt,
  });
  const out = data.publishContent;
  if (out.__typename === "PublishContentSuccess") return null;
  if (out.__typename === "ConflictError") return { kind: "warn", text: out.message ?? "" };
  const details = out.fieldErrors?.map((f) => f.message).join("; ");
  return { kind: "error", text: details || out.message || out.__typename };
}

/** Delete a pending edit (the live entry stays as it is), after asking; null when done. */
export async function discardPending(pending: Counterpart): Promise<Said | "kept"> {
  if (!confirm(`Discard the pending edit “${pending.title}”? The live entry stays as it is.`))
    return "kept";
  const data = await gql<{ deleteContent: Outcome }>(DELETE, { id: pending.id });
  if (data.deleteContent.__typename === "DeleteContentSuccess") return null;
  return { kind: "error", text: data.deleteContent.message ?? data.deleteContent.__typename };
}

/** A preview token for an entry, then its preview page. */
export async function openPreview(id: string): Promise<Said> {
  const data = await gql<{
    createPreviewToken: Outcome & { preview?: { token: string } };
  }>(PREVIEW, { id });
  const p = data.createPreviewToken.preview;
  if (!p) return { kind: "error", text: data.createPreviewToken.message ?? "" };
  navigate(`/admin/preview?token=${encodeURIComponent(p.token)}`);
  return null;
}

/**
 * One action on a pending edit at a time: `act(work, done)` runs the work, says what went
 * wrong beside the buttons, and on success hands `done` (what to say) to `onDone`; a null
 * `done` means the work went elsewhere, as a preview does, and "kept" that the user said no.
 */
function usePendingAction(onDone: (done: string) => void | Promise<void>) {
  const [said, setSaid] = useState<Said>(null);
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<Said | "kept">, done: string | null) => {
    setBusy(true);
    setSaid(null);
    try {
      const out = await work();
      if (out === null && done !== null) await onDone(done);
      else if (out !== null && out !== "kept") setSaid(out);
    } catch (e) {
      setSaid({ kind: "error", text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return { said, busy, act };
}

/** On a live entry with a pending edit: when it was saved, and what can be done with it. */
export function PendingEditNotice(props: {
  entry: EntryState & { pendingEdit: Counterpart };
  /** Unsaved changes in the form: publishing or discarding would reload over them. */
  dirty: boolean;
  reload: () => Promise<void>;
  /** Says what happened in the editor's own notice (this one goes once the edit is gone). */
  tell: (notice: Said) => void;
}) {
  const { entry } = props;
  const pending = entry.pendingEdit;
  const { said, busy, act } = usePendingAction(async (done) => {
    await props.reload();
    props.tell({ kind: "ok", text: done });
  });
  return (
    <section class="notice notice-warn pending" aria-labelledby="pending-title">
      <h2 id="pending-title">This entry has a pending edit</h2>
      <p>
        Saved {when(pending.updatedAt)} as “{pending.title}”. Readers see the live entry below until
        the pending edit is published.
      </p>
      {said ? <Notice kind={said.kind}>{said.text}</Notice> : null}
      {props.dirty ? <p class="hint">Save or undo your changes here first.</p> : null}
      <div class="actions">
        <Link href={entryPath({ __typename: entry.__typename, id: pending.id })} class="button">
          Open the pending edit
        </Link>
        <button
          type="button"
          disabled={busy}
          onClick={() => act(() => openPreview(pending.id), null)}
        >
          Preview the pending edit
        </button>
        <button
          type="button"
          disabled={busy || props.dirty}
          onClick={() => act(() => publishPending(pending), "Published: the pending edit is live.")}
        >
          Publish the pending edit
        </button>
        <button
          type="button"
          class="delete"
          disabled={busy || props.dirty}
          onClick={() => act(() => discardPending(pending), "Pending edit discarded.")}
        >
          Discard the pending edit…
        </button>
      </div>
    </section>
  );
}

/** On a pending edit: what it is, and the way back to its live entry. */
export function PendingEditBanner({ entry }: { entry: EntryState & { revisionOf: Counterpart } }) {
  return (
    <Notice kind="warn">
      This is a pending edit of the live entry “{entry.revisionOf.title}”: readers see the live
      entry until you publish this, which keeps the live entry's address (its slug). It was saved{" "}
      {when(entry.updatedAt)}.{" "}
      <Link href={entryPath({ __typename: entry.__typename, id: entry.revisionOf.id })}>
        Back to the live entry
      </Link>
    </Notice>
  );
}

/** The publication panel's actions on a pending edit: publish it, preview it, discard it. */
export function PendingEditActions(props: {
  entry: EntryState & { revisionOf: Counterpart };
  dirty: boolean;
}) {
  const { entry } = props;
  const live = entryPath({ __typename: entry.__typename, id: entry.revisionOf.id });
  const { said, busy, act } = usePendingAction((done) => {
    flashNotice({ kind: "ok", text: done });
    navigate(live);
  });
  return (
    <section class="panel" aria-labelledby="publication-title">
      <h2 id="publication-title">Publication</h2>
      <p>Pending edit: not visible to readers.</p>
      {props.dirty ? <p class="hint">Save your changes first.</p> : null}
      {said ? <Notice kind={said.kind}>{said.text}</Notice> : null}
      <div class="actions">
        <button
          type="button"
          class="primary"
          disabled={busy || props.dirty}
          onClick={() =>
            act(() => publishPending(entry), "Published: the pending edit is now the live entry.")
          }
        >
          Publish the pending edit
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => act(() => openPreview(entry.id), null)}
        >
          Preview
        </button>
      </div>
      <div class="danger">
        <button
          type="button"
          class="delete"
          disabled={busy}
          onClick={() => act(() => discardPending(entry), "Pending edit discarded.")}
        >
          Discard the pending edit…
        </button>
      </div>
    </section>
  );
}
