/**
 * The poll editor: question, title, description, open and close times (in the editor's own
 * time zone), options with pictures, tags. The same rules as the announcement editor: API
 * field errors beside their fields, conflicts offer a reload, unsaved changes are guarded.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { gql } from "./api";
import { type EntryState, localInput, Publication } from "./publication";
import { navigate, setLeaveGuard, UNSAVED } from "./router";
import { errorsByPath, Field, type FieldErrors, Link, Notice } from "./ui";

interface PollForm {
  title: string;
  question: string;
  description: string;
  opensAt: string;
  closesAt: string;
  tags: string;
  options: { label: string; imageUrl: string }[];
}

const EMPTY: PollForm = {
  title: "",
  question: "",
  description: "",
  opensAt: "",
  closesAt: "",
  tags: "",
  options: [
    { label: "", imageUrl: "" },
    { label: "", imageUrl: "" },
  ],
};

interface Loaded extends EntryState {
  question: string;
  description: { markdown: string } | null;
  opensAt: string | null;
  closesAt: string | null;
  tags: { slug: string }[];
  options: { label: string; imageUrl: string | null }[];
}

const FIELDS = `__typename id title url publicationStatus publishedAt updatedAt question
  description { markdown } opensAt closesAt tags { slug } options { label imageUrl }`;
const LOAD = `query($id: ID!) { node(id: $id) { ... on Poll { ${FIELDS} } } }`;
const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message code } }`;
const CREATE = `mutation($input: PollInput!) { createPoll(input: $input) { ${RESULT}
  ... on CreatePollSuccess { poll { ${FIELDS} } } } }`;
const UPDATE = `mutation($id: ID!, $patch: PollPatch!, $v: DateTime) {
  updatePoll(id: $id, patch: $patch, expectedUpdatedAt: $v) { ${RESULT}
  ... on UpdatePollSuccess { poll { ${FIELDS} } } } }`;

const local = (iso: string | null) => (iso ? localInput(new Date(iso)) : "");
const instant = (value: string) => (value ? new Date(value).toISOString() : null);
const orNull = (s: string) => (s.trim() === "" ? null : s);

function formOf(p: Loaded): PollForm {
  return {
    title: p.title,
    question: p.question,
    description: p.description?.markdown ?? "",
    opensAt: local(p.opensAt),
    closesAt: local(p.closesAt),
    tags: p.tags.map((t) => t.slug).join(", "),
    options: p.options.map((o) => ({ label: o.label, imageUrl: o.imageUrl ?? "" })),
  };
}

function inputOf(f: PollForm) {
  return {
    title: f.title,
    question: f.question,
    description: orNull(f.description),
    opensAt: instant(f.opensAt),
    closesAt: instant(f.closesAt),
    tags: f.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    options: f.options.map((o) => ({ label: o.label, imageUrl: orNull(o.imageUrl) })),
  };
}

interface Outcome {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
  poll?: Loaded;
}

export function PollPage({ id }: { id: string | null }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [form, setForm] = useState<PollForm>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<{ kind: "ok" | "error" | "warn"; text: string } | null>(
    null,
  );
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const saved = useRef(JSON.stringify(EMPTY));
  const created = useRef<string | null>(null);
  const dirty = JSON.stringify(form) !== saved.current;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const accept = (p: Loaded) => {
    setLoaded(p);
    const f = formOf(p);
    saved.current = JSON.stringify(f);
    setForm(f);
  };
  const reload = async () => {
    if (!id) return;
    const data = await gql<{ node: Loaded | null }>(LOAD, { id });
    if (data.node?.__typename === "Poll") accept(data.node);
    else setNotice({ kind: "error", text: "This poll no longer exists." });
    setConflict(false);
  };
  useEffect(() => {
    if (id && id === created.current) return;
    setErrors({});
    setNotice(null);
    setConflict(false);
    if (id) reload().catch((e: Error) => setNotice({ kind: "error", text: e.message }));
    else {
      setLoaded(null);
      saved.current = JSON.stringify(EMPTY);
      setForm(EMPTY);
    }
  }, [id]);
  useEffect(() => {
    if (!dirty) {
      setLeaveGuard(null);
      return;
    }
    setLeaveGuard(() => confirm(UNSAVED));
    const beforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    addEventListener("beforeunload", beforeUnload);
    return () => removeEventListener("beforeunload", beforeUnload);
  }, [dirty]);
  useEffect(() => () => setLeaveGuard(null), []);

  const set = <K extends keyof PollForm>(key: K, value: PollForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setOption = (i: number, o: PollForm["options"][number]) =>
    set(
      "options",
      form.options.map((x, j) => (j === i ? o : x)),
    );

  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setNotice(null);
    setErrors({});
    try {
      const input = inputOf(form);
      const out = id
        ? (
            await gql<{ updatePoll: Outcome }>(UPDATE, {
              id,
              patch: input,
              v: loaded?.updatedAt ?? null,
            })
          ).updatePoll
        : (await gql<{ createPoll: Outcome }>(CREATE, { input })).createPoll;
      if (out.poll) {
        accept(out.poll);
        setNotice({ kind: "ok", text: "Saved." });
        created.current = out.poll.id;
        if (!id) navigate(`/admin/polls/${encodeURIComponent(out.poll.id)}`, true);
      } else if (out.__typename === "ValidationError") {
        setErrors(errorsByPath(out.fieldErrors ?? []));
        setNotice({ kind: "error", text: "Not saved: see the fields marked below." });
      } else if (out.__typename === "ConflictError") {
        setConflict(true);
      } else setNotice({ kind: "error", text: out.message ?? out.__typename });
    } catch (err) {
      setNotice({ kind: "error", text: (err as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const listed = new Set(["title", "question", "description", "opensAt", "closesAt", "tags"]);
  const other = Object.entries(errors).filter(
    ([path]) => !listed.has(path) && !/^options\.\d+\.(label|imageUrl)$/.test(path),
  );

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {id ? `Edit poll: ${loaded?.title ?? "…"}` : "New poll"}
      </h1>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {conflict ? (
        <div class="notice notice-warn" role="alert">
          <p>
            <strong>Changed since you opened it</strong>: nothing of yours was saved. Reload it
            (your changes are lost).
          </p>
          <button type="button" onClick={() => void reload()}>
            Reload
          </button>
        </div>
      ) : null}
      {other.length ? (
        <Notice kind="error">
          <ul>
            {other.map(([path, message]) => (
              <li key={path}>
                {path === "options" ? "Options" : path}: {message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <div class="editor">
        <form class="entry-form" onSubmit={save} noValidate>
          <Field
            label="Title"
            name="title"
            value={form.title}
            onInput={(v) => set("title", v)}
            errors={errors}
            required
          />
          <Field
            label="Question"
            name="question"
            value={form.question}
            onInput={(v) => set("question", v)}
            errors={errors}
            required
          />
          <Field
            label="Description (Markdown)"
            name="description"
            value={form.description}
            onInput={(v) => set("description", v)}
            errors={errors}
            multiline
          />
          <div class="row">
            <Field
              label={`Opens (your time, ${zone})`}
              name="opensAt"
              type="datetime-local"
              value={form.opensAt}
              onInput={(v) => set("opensAt", v)}
              errors={errors}
              hint={form.opensAt ? `= ${instant(form.opensAt)} UTC` : "Empty: open on publication."}
            />
            <Field
              label={`Closes (your time, ${zone})`}
              name="closesAt"
              type="datetime-local"
              value={form.closesAt}
              onInput={(v) => set("closesAt", v)}
              errors={errors}
              hint={form.closesAt ? `= ${instant(form.closesAt)} UTC` : "Empty: never closes."}
            />
          </div>
          <Field
            label="Tags"
            name="tags"
            value={form.tags}
            onInput={(v) => set("tags", v)}
            errors={errors}
            hint="Tag slugs, separated by commas (the tags must exist)."
          />
          <fieldset>
            <legend>Options</legend>
            {form.options.map((o, i) => (
              <div class="row" key={i}>
                <Field
                  label={`Option ${i + 1}`}
                  name={`options.${i}.label`}
                  value={o.label}
                  onInput={(v) => setOption(i, { ...o, label: v })}
                  errors={errors}
                  required
                />
                <Field
                  label={`Option ${i + 1} picture URL`}
                  name={`options.${i}.imageUrl`}
                  type="url"
                  value={o.imageUrl}
                  onInput={(v) => setOption(i, { ...o, imageUrl: v })}
                  errors={errors}
                />
                <button
                  type="button"
                  class="small"
                  onClick={() =>
                    set(
                      "options",
                      form.options.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove option {i + 1}
                </button>
              </div>
            ))}
            <button
              type="button"
              onClick={() => set("options", [...form.options, { label: "", imageUrl: "" }])}
            >
              Add an option
            </button>
          </fieldset>
          <div class="actions">
            <button type="submit" class="primary" disabled={saving}>
              {saving ? "Saving…" : id ? "Save changes" : "Create draft"}
            </button>
            {dirty ? <span class="hint">Unsaved changes</span> : null}
          </div>
        </form>
        <aside class="side">
          {loaded ? (
            <>
              <p>
                <Link href={`/admin/polls/${encodeURIComponent(loaded.id)}/live`}>
                  Live results
                </Link>
              </p>
              <Publication entry={loaded} dirty={dirty} reload={reload} />
            </>
          ) : null}
        </aside>
      </div>
    </section>
  );
}
