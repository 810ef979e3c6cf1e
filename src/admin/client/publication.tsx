/** Publish now, schedule, unpublish, delete, preview: the same for every type of entry. */
import { useState } from "preact/hooks";
import { gql } from "./api";
import { localInput } from "./form-values";
import { navigate } from "./router";
import { Link, Notice, Status, when } from "./ui";

/** A pending edit's live entry, or a live entry's pending edit, as the editors show it. */
export interface Counterpart {
  id: string;
  title: string;
  updatedAt: string;
}

export interface EntryState {
  __typename: string;
  id: string;
  title: string;
  publicationStatus: string;
  publishedAt: string | null;
  updatedAt: string;
  url: string;
  /** Set on a pending edit: the live entry it will replace. */
  revisionOf: Counterpart | null;
  /** Set on a live entry with a pending edit. */
  pendingEdit: Counterpart | null;
}

/** What every editor reads of an entry for its frame and this panel. */
export const ENTRY_FIELDS = `__typename id title url publicationStatus publishedAt updatedAt
  revisionOf { id title updatedAt } pendingEdit { id title updatedAt }`;

const ERR = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message code } }
  ... on ConflictError { currentUpdatedAt }`;
export const PUBLISH = `mutation($id: ID!, $v: DateTime) { publishContent(id: $id, expectedUpdatedAt: $v) { ${ERR} } }`;
const SCHEDULE = `mutation($id: ID!, $at: DateTime!, $v: DateTime) { scheduleContent(id: $id, at: $at, expectedUpdatedAt: $v) { ${ERR} } }`;
const UNPUBLISH = `mutation($id: ID!, $v: DateTime) { unpublishContent(id: $id, expectedUpdatedAt: $v) {
  __typename ... on Error { message } } }`;
export const DELETE = `mutation($id: ID!) { deleteContent(id: $id) { __typename ... on Error { message } } }`;
export const PREVIEW = `mutation($id: ID!) { createPreviewToken(id: $id) { __typename ... on Error { message }
  ... on CreatePreviewTokenSuccess { preview { token expiresAt previewUrl } } } }`;

export interface Outcome {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
}

export function Publication(props: {
  entry: EntryState;
  /** Unsaved changes in the form: actions wait until they are saved. */
  dirty: boolean;
  reload: () => Promise<void>;
}) {
  const { entry } = props;
  const [at, setAt] = useState(() => localInput(new Date(Date.now() + 3600_000)));
  const [message, setMessage] = useState<{ kind: "ok" | "error" | "warn"; text: string } | null>(
    null,
  );
  const [preview, setPreview] = useState<{ token: string; previewUrl: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const atDate = at ? new Date(at) : null;
  const valid = atDate !== null && !Number.isNaN(atDate.getTime());

  const run = async (name: string, query: string, vars: object, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      const data = await gql<Record<string, Outcome>>(query, vars);
      const out = data[name] as Outcome;
      if (out.__typename.endsWith("Success")) {
        setMessage({ kind: "ok", text: done });
        await props.reload();
      } else if (out.__typename === "ConflictError") {
        setMessage({
          kind: "warn",
          text: "This entry changed since you opened it: reload it, then try again.",
        });
      } else {
        const details = out.fieldErrors?.map((f) => f.message).join("; ");
        setMessage({ kind: "error", text: details || out.message || out.__typename });
      }
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const v = { id: entry.id, v: entry.updatedAt };
  const disabled = busy || props.dirty;

  return (
    <section class="panel" aria-labelledby="publication-title">
      <h2 id="publication-title">Publication</h2>
      <p>
        Status: <Status status={entry.publicationStatus} at={entry.publishedAt} />
        {entry.publicationStatus === "PUBLISHED" ? ` since ${when(entry.publishedAt)}` : ""}
      </p>
      {props.dirty ? <p class="hint">Save your changes first.</p> : null}
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <div class="actions">
        {entry.publicationStatus !== "PUBLISHED" ? (
          <button
            type="button"
            disabled={disabled}
            onClick={() => run("publishContent", PUBLISH, v, "Published.")}
          >
            Publish now
          </button>
        ) : null}
        {entry.publicationStatus !== "DRAFT" ? (
          <button
            type="button"
            disabled={disabled}
            onClick={() => run("unpublishContent", UNPUBLISH, v, "Back to draft.")}
          >
            Unpublish
          </button>
        ) : null}
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              const data = await gql<{
                createPreviewToken: Outcome & {
                  preview?: { token: string; previewUrl: string | null };
                };
              }>(PREVIEW, { id: entry.id });
              const p = data.createPreviewToken.preview;
              if (p) setPreview(p);
              else setMessage({ kind: "error", text: data.createPreviewToken.message ?? "" });
            } catch (e) {
              setMessage({ kind: "error", text: (e as Error).message });
            } finally {
              setBusy(false);
            }
          }}
        >
          Preview
        </button>
      </div>
      {preview ? (
        <p class="preview-links">
          <Link href={`/admin/preview?token=${encodeURIComponent(preview.token)}`}>
            Open the preview here
          </Link>
          {preview.previewUrl ? (
            <>
              {" · "}
              <a href={preview.previewUrl} target="_blank" rel="noopener noreferrer">
                Open on the site
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      <form
        class="schedule"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && atDate) {
            void run(
              "scheduleContent",
              SCHEDULE,
              { ...v, at: atDate.toISOString() },
              `Scheduled for ${when(atDate.toISOString())}.`,
            );
          }
        }}
      >
        <div class="field">
          <label for="schedule-at">Publish at (your time, {zone})</label>
          <input
            id="schedule-at"
            type="datetime-local"
            step={1}
            value={at}
            aria-describedby="schedule-utc"
            onInput={(e) => setAt(e.currentTarget.value)}
          />
          <p class="hint" id="schedule-utc">
            {valid && atDate
              ? `= ${atDate.toISOString().replace(".000Z", "Z")} UTC`
              : "Pick a time."}
          </p>
        </div>
        <button type="submit" disabled={disabled || !valid}>
          Schedule
        </button>
      </form>
      <div class="danger">
        <button
          type="button"
          class="delete"
          disabled={busy}
          onClick={async () => {
            if (!confirm(`Delete “${entry.title}” for good? This cannot be undone.`)) return;
            setBusy(true);
            try {
              const data = await gql<{ deleteContent: Outcome }>(DELETE, { id: entry.id });
              if (data.deleteContent.__typename === "DeleteContentSuccess") {
                navigate(`/admin/?type=${entry.__typename.toUpperCase()}`);
              } else setMessage({ kind: "error", text: data.deleteContent.message ?? "" });
            } catch (e) {
              setMessage({ kind: "error", text: (e as Error).message });
            } finally {
              setBusy(false);
            }
          }}
        >
          Delete…
        </button>
      </div>
    </section>
  );
}
