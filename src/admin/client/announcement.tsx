/**
 * The announcement editor: every field, highlights with their links, quotes; API field errors
 * beside their fields; a live Markdown preview rendered by the API; optimistic concurrency
 * (a ConflictError offers reload or compare); a warning before unsaved changes are lost.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { gql } from "./api";
import { type EntryState, Publication } from "./publication";
import { navigate, setLeaveGuard, UNSAVED } from "./router";
import { errorsByPath, Field, type FieldErrors, Notice } from "./ui";

interface LinkForm {
  title: string;
  url: string;
}
interface HighlightForm {
  title: string;
  detail: string;
  links: LinkForm[];
}
interface QuoteForm {
  text: string;
  person: string;
  role: string;
}
export interface AnnouncementForm {
  title: string;
  kind: string;
  dateline: string;
  summary: string;
  body: string;
  sourceUrl: string;
  tags: string;
  highlights: HighlightForm[];
  quotes: QuoteForm[];
}

const EMPTY: AnnouncementForm = {
  title: "",
  kind: "NEWS",
  dateline: "",
  summary: "",
  body: "",
  sourceUrl: "",
  tags: "",
  highlights: [],
  quotes: [],
};

interface Loaded extends EntryState {
  kind: string;
  dateline: string | null;
  summary: string | null;
  body: { markdown: string } | null;
  sourceUrl: string | null;
  tags: { slug: string }[];
  highlights: { title: string; detail: string | null; links: LinkForm[] }[];
  quotes: { text: string; role: string | null; person: { slug: string } }[];
}

const FIELDS = `__typename id title slug url publicationStatus publishedAt updatedAt kind dateline summary
  body { markdown } sourceUrl tags { slug } highlights { title detail links { title url } }
  quotes { text role person { slug } }`;
const LOAD = `query($id: ID!) { node(id: $id) { ... on Announcement { ${FIELDS} } } }`;
const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message code } }`;
const CREATE = `mutation($input: AnnouncementInput!) { createAnnouncement(input: $input) { ${RESULT}
  ... on CreateAnnouncementSuccess { announcement { ${FIELDS} } } } }`;
const UPDATE = `mutation($id: ID!, $patch: AnnouncementPatch!, $v: DateTime) {
  updateAnnouncement(id: $id, patch: $patch, expectedUpdatedAt: $v) { ${RESULT}
  ... on ConflictError { currentUpdatedAt }
  ... on UpdateAnnouncementSuccess { announcement { ${FIELDS} } } } }`;
const RENDER = `query($md: String!) { renderMarkdown(markdown: $md) { html problem } }`;

function formOf(a: Loaded): AnnouncementForm {
  return {
    title: a.title,
    kind: a.kind,
    dateline: a.dateline ?? "",
    summary: a.summary ?? "",
    body: a.body?.markdown ?? "",
    sourceUrl: a.sourceUrl ?? "",
    tags: a.tags.map((t) => t.slug).join(", "),
    highlights: a.highlights.map((h) => ({
      title: h.title,
      detail: h.detail ?? "",
      links: h.links.map((l) => ({ ...l })),
    })),
    quotes: a.quotes.map((q) => ({ text: q.text, person: q.person.slug, role: q.role ?? "" })),
  };
}

const orNull = (s: string) => (s.trim() === "" ? null : s);

function inputOf(f: AnnouncementForm) {
  return {
    title: f.title,
    kind: f.kind,
    dateline: orNull(f.dateline),
    summary: orNull(f.summary),
    body: orNull(f.body),
    sourceUrl: orNull(f.sourceUrl),
    tags: f.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    highlights: f.highlights.map((h) => ({
      title: h.title,
      detail: orNull(h.detail),
      links: h.links.map((l) => ({ title: l.title, url: l.url })),
    })),
    quotes: f.quotes.map((q) => ({ text: q.text, person: q.person, role: orNull(q.role) })),
  };
}

interface Outcome {
  __typename: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
  announcement?: Loaded;
}

const LABELS: Record<keyof AnnouncementForm, string> = {
  title: "Title",
  kind: "Kind",
  dateline: "Dateline",
  summary: "Summary",
  body: "Body",
  sourceUrl: "Source URL",
  tags: "Tags",
  highlights: "Highlights",
  quotes: "Quotes",
};

export function AnnouncementPage({ id }: { id: string | null }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [form, setForm] = useState<AnnouncementForm>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<{ kind: "ok" | "error" | "warn"; text: string } | null>(
    null,
  );
  const [conflict, setConflict] = useState<Loaded | "pending" | null>(null);
  const [comparing, setComparing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [rendered, setRendered] = useState<{ html: string; problem: string | null } | null>(null);
  const saved = useRef<string>(JSON.stringify(EMPTY));
  /** The id this page just created: arriving at it keeps what the page shows. */
  const created = useRef<string | null>(null);

  const dirty = JSON.stringify(form) !== saved.current;

  const accept = (a: Loaded) => {
    setLoaded(a);
    const f = formOf(a);
    saved.current = JSON.stringify(f);
    setForm(f);
  };
  const fetchEntry = async (entryId: string) => {
    const data = await gql<{ node: Loaded | null }>(LOAD, { id: entryId });
    return data.node && data.node.__typename === "Announcement" ? data.node : null;
  };
  const reload = async () => {
    if (!id) return;
    const a = await fetchEntry(id);
    if (a) accept(a);
    else setNotice({ kind: "error", text: "This announcement no longer exists." });
    setConflict(null);
    setComparing(false);
  };

  useEffect(() => {
    if (id && id === created.current) return;
    setErrors({});
    setNotice(null);
    setConflict(null);
    if (id) {
      reload().catch((e: Error) => setNotice({ kind: "error", text: e.message }));
    } else {
      setLoaded(null);
      saved.current = JSON.stringify(EMPTY);
      setForm(EMPTY);
    }
  }, [id]);

  // Unsaved changes: the browser asks before closing or reloading; the app before navigating.
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
    return () => {
      removeEventListener("beforeunload", beforeUnload);
    };
  }, [dirty]);
  useEffect(() => () => setLeaveGuard(null), []);

  // The body's preview, rendered by the API a moment after typing stops.
  useEffect(() => {
    if (!form.body.trim()) {
      setRendered(null);
      return;
    }
    const timer = setTimeout(() => {
      gql<{ renderMarkdown: { html: string; problem: string | null } }>(RENDER, {
        md: form.body,
      }).then(
        (d) => setRendered(d.renderMarkdown),
        (e: Error) => setRendered({ html: "", problem: e.message }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [form.body]);

  const set = <K extends keyof AnnouncementForm>(key: K, value: AnnouncementForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const setHighlight = (i: number, h: HighlightForm) =>
    set(
      "highlights",
      form.highlights.map((x, j) => (j === i ? h : x)),
    );
  const setQuote = (i: number, q: QuoteForm) =>
    set(
      "quotes",
      form.quotes.map((x, j) => (j === i ? q : x)),
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
            await gql<{ updateAnnouncement: Outcome }>(UPDATE, {
              id,
              patch: input,
              v: loaded?.updatedAt ?? null,
            })
          ).updateAnnouncement
        : (await gql<{ createAnnouncement: Outcome }>(CREATE, { input })).createAnnouncement;
      if (out.announcement) {
        accept(out.announcement);
        setNotice({ kind: "ok", text: "Saved." });
        created.current = out.announcement.id;
        if (!id) navigate(`/admin/announcements/${encodeURIComponent(out.announcement.id)}`, true);
      } else if (out.__typename === "ValidationError") {
        setErrors(errorsByPath(out.fieldErrors ?? []));
        setNotice({ kind: "error", text: "Not saved: see the fields marked below." });
      } else if (out.__typename === "ConflictError") {
        setConflict("pending");
      } else {
        setNotice({ kind: "error", text: out.message ?? out.__typename });
      }
    } catch (err) {
      setNotice({ kind: "error", text: (err as Error).message });
    } finally {
      setSaving(false);
    }
  };

  const compare = async () => {
    if (!id) return;
    const theirs = await fetchEntry(id);
    if (theirs) {
      setConflict(theirs);
      setComparing(true);
    }
  };

  const unmatched = Object.entries(errors).filter(
    ([path]) => !document.getElementById(`f-${path.replace(/\./g, "-")}`),
  );

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {id ? `Edit: ${loaded?.title ?? "…"}` : "New announcement"}
      </h1>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {conflict ? (
        <div class="notice notice-warn" role="alert">
          <p>
            <strong>Changed since you opened it</strong>: someone saved this announcement after you
            opened it. Nothing of yours was saved. Reload it (your changes are lost) or compare.
          </p>
          <div class="actions">
            <button
              type="button"
              onClick={() => {
                saved.current = JSON.stringify(form);
                void reload();
              }}
            >
              Reload
            </button>
            <button type="button" onClick={() => void compare()}>
              Compare
            </button>
          </div>
          {comparing && conflict !== "pending" ? (
            <Compare mine={form} theirs={formOf(conflict)} />
          ) : null}
        </div>
      ) : null}
      {unmatched.length ? (
        <Notice kind="error">
          <ul>
            {unmatched.map(([path, message]) => (
              <li key={path}>
                {path}: {message}
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
          <div class={`field${errors.kind ? " invalid" : ""}`}>
            <label for="f-kind">Kind</label>
            <select
              id="f-kind"
              value={form.kind}
              onChange={(e) => set("kind", e.currentTarget.value)}
            >
              <option value="NEWS">News</option>
              <option value="PRESS_RELEASE">Press release</option>
              <option value="FEATURE_LIST">Feature list</option>
            </select>
          </div>
          <Field
            label="Dateline"
            name="dateline"
            value={form.dateline}
            onInput={(v) => set("dateline", v)}
            errors={errors}
            hint="e.g. CAMBRIDGE, UK, 4/13/2010"
          />
          <Field
            label="Summary"
            name="summary"
            value={form.summary}
            onInput={(v) => set("summary", v)}
            errors={errors}
            multiline
            rows={2}
          />
          <Field
            label="Body (Markdown)"
            name="body"
            value={form.body}
            onInput={(v) => set("body", v)}
            errors={errors}
            multiline
            rows={10}
          />
          <Field
            label="Source URL"
            name="sourceUrl"
            value={form.sourceUrl}
            onInput={(v) => set("sourceUrl", v)}
            errors={errors}
            type="url"
          />
          <Field
            label="Tags"
            name="tags"
            value={form.tags}
            onInput={(v) => set("tags", v)}
            errors={errors}
            hint="Tag slugs, separated by commas (the tags must exist)."
          />
          <fieldset>
            <legend>Highlights</legend>
            {form.highlights.map((h, i) => (
              <fieldset class="item" key={i}>
                <legend>Highlight {i + 1}</legend>
                <Field
                  label="Title"
                  name={`highlights.${i}.title`}
                  value={h.title}
                  onInput={(v) => setHighlight(i, { ...h, title: v })}
                  errors={errors}
                  required
                />
                <Field
                  label="Detail"
                  name={`highlights.${i}.detail`}
                  value={h.detail}
                  onInput={(v) => setHighlight(i, { ...h, detail: v })}
                  errors={errors}
                />
                {h.links.map((l, k) => (
                  <div class="row" key={k}>
                    <Field
                      label={`Link ${k + 1} title`}
                      name={`highlights.${i}.links.${k}.title`}
                      value={l.title}
                      onInput={(v) =>
                        setHighlight(i, {
                          ...h,
                          links: h.links.map((x, j) => (j === k ? { ...x, title: v } : x)),
                        })
                      }
                      errors={errors}
                    />
                    <Field
                      label={`Link ${k + 1} URL`}
                      name={`highlights.${i}.links.${k}.url`}
                      value={l.url}
                      type="url"
                      onInput={(v) =>
                        setHighlight(i, {
                          ...h,
                          links: h.links.map((x, j) => (j === k ? { ...x, url: v } : x)),
                        })
                      }
                      errors={errors}
                    />
                    <button
                      type="button"
                      class="small"
                      onClick={() =>
                        setHighlight(i, { ...h, links: h.links.filter((_, j) => j !== k) })
                      }
                    >
                      Remove link {k + 1}
                    </button>
                  </div>
                ))}
                <div class="actions">
                  <button
                    type="button"
                    class="small"
                    onClick={() =>
                      setHighlight(i, { ...h, links: [...h.links, { title: "", url: "" }] })
                    }
                  >
                    Add a link to highlight {i + 1}
                  </button>
                  <button
                    type="button"
                    class="small"
                    onClick={() =>
                      set(
                        "highlights",
                        form.highlights.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove highlight {i + 1}
                  </button>
                </div>
              </fieldset>
            ))}
            <button
              type="button"
              onClick={() =>
                set("highlights", [...form.highlights, { title: "", detail: "", links: [] }])
              }
            >
              Add a highlight
            </button>
          </fieldset>
          <fieldset>
            <legend>Quotes</legend>
            {form.quotes.map((q, i) => (
              <fieldset class="item" key={i}>
                <legend>Quote {i + 1}</legend>
                <Field
                  label="Text"
                  name={`quotes.${i}.text`}
                  value={q.text}
                  onInput={(v) => setQuote(i, { ...q, text: v })}
                  errors={errors}
                  multiline
                  rows={2}
                  required
                />
                <Field
                  label="Person (slug)"
                  name={`quotes.${i}.person`}
                  value={q.person}
                  onInput={(v) => setQuote(i, { ...q, person: v })}
                  errors={errors}
                  hint="The person must exist, e.g. ian-pratt."
                  required
                />
                <Field
                  label="Role"
                  name={`quotes.${i}.role`}
                  value={q.role}
                  onInput={(v) => setQuote(i, { ...q, role: v })}
                  errors={errors}
                />
                <button
                  type="button"
                  class="small"
                  onClick={() =>
                    set(
                      "quotes",
                      form.quotes.filter((_, j) => j !== i),
                    )
                  }
                >
                  Remove quote {i + 1}
                </button>
              </fieldset>
            ))}
            <button
              type="button"
              onClick={() => set("quotes", [...form.quotes, { text: "", person: "", role: "" }])}
            >
              Add a quote
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
          <section class="panel" aria-labelledby="md-preview-title">
            <h2 id="md-preview-title">Body preview</h2>
            {rendered?.problem ? <Notice kind="warn">{rendered.problem}</Notice> : null}
            <div
              class="rendered"
              aria-live="polite"
              // Rendered and sanitized by the API (renderMarkdown), as readers will get it.
              dangerouslySetInnerHTML={{ __html: rendered?.html ?? "" }}
            />
          </section>
          {loaded ? <Publication entry={loaded} dirty={dirty} reload={reload} /> : null}
        </aside>
      </div>
    </section>
  );
}

function Compare({ mine, theirs }: { mine: AnnouncementForm; theirs: AnnouncementForm }) {
  const keys = (Object.keys(LABELS) as (keyof AnnouncementForm)[]).filter(
    (k) => JSON.stringify(mine[k]) !== JSON.stringify(theirs[k]),
  );
  const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v, null, 1));
  return (
    <table class="compare">
      <caption>What differs between your version and the saved one</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Yours (not saved)</th>
          <th scope="col">Saved now</th>
        </tr>
      </thead>
      <tbody>
        {keys.length === 0 ? (
          <tr>
            <td colSpan={3}>No difference in the fields you edit.</td>
          </tr>
        ) : (
          keys.map((k) => (
            <tr key={k}>
              <th scope="row">{LABELS[k]}</th>
              <td>
                <pre>{show(mine[k])}</pre>
              </td>
              <td>
                <pre>{show(theirs[k])}</pre>
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
