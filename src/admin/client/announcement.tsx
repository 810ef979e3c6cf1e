/**
 * The announcement editor: every field, highlights with their links, quotes with their people,
 * byline and tags from the pickers; the shared editor frame does the rest (use-editor.ts).
 */
import { gql } from "./api";
import { BylineAndTags, EditorPage, SlugField } from "./editor-page";
import { moveBy, orNull, removeAt, replaceAt } from "./form-values";
import { ItemControls } from "./list-controls";
import { Picker } from "./picker";
import { ENTRY_FIELDS, type EntryState } from "./publication";
import { type MutationAnswer, RESULT_FIELDS } from "./save-outcome";
import { Field } from "./ui";
import { type EditorSpec, useEditor } from "./use-editor";

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
  slug: string;
  kind: string;
  dateline: string;
  summary: string;
  body: string;
  sourceUrl: string;
  authors: string[];
  tags: string[];
  highlights: HighlightForm[];
  quotes: QuoteForm[];
}

const EMPTY: AnnouncementForm = {
  title: "",
  slug: "",
  kind: "NEWS",
  dateline: "",
  summary: "",
  body: "",
  sourceUrl: "",
  authors: [],
  tags: [],
  highlights: [],
  quotes: [],
};

const LABELS: Record<keyof AnnouncementForm, string> = {
  title: "Title",
  slug: "Slug",
  kind: "Kind",
  dateline: "Dateline",
  summary: "Summary",
  body: "Body",
  sourceUrl: "Source URL",
  authors: "Byline",
  tags: "Tags",
  highlights: "Highlights",
  quotes: "Quotes",
};

interface Loaded extends EntryState {
  slug: string;
  kind: string;
  dateline: string | null;
  summary: string | null;
  body: { markdown: string } | null;
  sourceUrl: string | null;
  authors: { slug: string }[];
  tags: { slug: string }[];
  highlights: { title: string; detail: string | null; links: LinkForm[] }[];
  quotes: { text: string; role: string | null; person: { slug: string } }[];
}

const FIELDS = `${ENTRY_FIELDS} slug kind dateline summary
  body { markdown } sourceUrl authors { slug } tags { slug } highlights { title detail links { title url } }
  quotes { text role person { slug } }`;
const LOAD = `query($id: ID!) { node(id: $id) { ... on Announcement { ${FIELDS} } } }`;
const CREATE = `mutation($input: AnnouncementInput!) { createAnnouncement(input: $input) { ${RESULT_FIELDS}
  ... on CreateAnnouncementSuccess { announcement { ${FIELDS} } } } }`;
const UPDATE = `mutation($id: ID!, $patch: AnnouncementPatch!, $v: DateTime, $asRevision: Boolean) {
  updateAnnouncement(id: $id, patch: $patch, expectedUpdatedAt: $v, asRevision: $asRevision) { ${RESULT_FIELDS}
  ... on UpdateAnnouncementSuccess { announcement { ${FIELDS} } } } }`;

type Answer = MutationAnswer<Loaded> & { announcement?: Loaded };

function formOf(a: Loaded): AnnouncementForm {
  return {
    title: a.title,
    slug: a.slug,
    kind: a.kind,
    dateline: a.dateline ?? "",
    summary: a.summary ?? "",
    body: a.body?.markdown ?? "",
    sourceUrl: a.sourceUrl ?? "",
    authors: a.authors.map((p) => p.slug),
    tags: a.tags.map((t) => t.slug),
    highlights: a.highlights.map((h) => ({
      title: h.title,
      detail: h.detail ?? "",
      links: h.links.map((l) => ({ title: l.title, url: l.url })),
    })),
    quotes: a.quotes.map((q) => ({ text: q.text, person: q.person.slug, role: q.role ?? "" })),
  };
}

function inputOf(f: AnnouncementForm) {
  return {
    title: f.title,
    slug: orNull(f.slug) ?? undefined, // empty: made from the title, or kept
    kind: f.kind,
    dateline: orNull(f.dateline),
    summary: orNull(f.summary),
    body: orNull(f.body),
    sourceUrl: orNull(f.sourceUrl),
    authors: f.authors,
    tags: f.tags,
    highlights: f.highlights.map((h) => ({
      title: h.title,
      detail: orNull(h.detail),
      links: h.links.map((l) => ({ title: l.title, url: l.url })),
    })),
    quotes: f.quotes.map((q) => ({ text: q.text, person: q.person, role: orNull(q.role) })),
  };
}

const SPEC: EditorSpec<Loaded, AnnouncementForm> = {
  noun: "announcement",
  base: "/admin/announcements",
  empty: EMPTY,
  formOf,
  async load(id) {
    const data = await gql<{ node: Loaded | null }>(LOAD, { id });
    return data.node?.__typename === "Announcement" ? data.node : null;
  },
  async write(form, id, v, asRevision) {
    const input = inputOf(form);
    const out = id
      ? (await gql<{ updateAnnouncement: Answer }>(UPDATE, { id, patch: input, v, asRevision }))
          .updateAnnouncement
      : (await gql<{ createAnnouncement: Answer }>(CREATE, { input })).createAnnouncement;
    return { ...out, entry: out.announcement };
  },
};

export function AnnouncementPage({ id }: { id: string | null }) {
  const editor = useEditor(id, SPEC);
  const { form, set, errors } = editor;
  const setHighlight = (i: number, h: HighlightForm) =>
    set("highlights", replaceAt(form.highlights, i, h));
  const setQuote = (i: number, q: QuoteForm) => set("quotes", replaceAt(form.quotes, i, q));

  return (
    <EditorPage
      heading={id ? `Edit: ${editor.loaded?.title ?? "…"}` : "New announcement"}
      noun="announcement"
      editor={editor}
      labels={LABELS}
      preview={{ title: "Body preview", markdown: form.body }}
    >
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
        <select id="f-kind" value={form.kind} onChange={(e) => set("kind", e.currentTarget.value)}>
          <option value="NEWS">News</option>
          <option value="PRESS_RELEASE">Press release</option>
          <option value="FEATURE_LIST">Feature list</option>
        </select>
      </div>
      <SlugField editor={editor} />
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
      <BylineAndTags editor={editor} />
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
                    setHighlight(i, { ...h, links: replaceAt(h.links, k, { ...l, title: v }) })
                  }
                  errors={errors}
                />
                <Field
                  label={`Link ${k + 1} URL`}
                  name={`highlights.${i}.links.${k}.url`}
                  value={l.url}
                  type="url"
                  onInput={(v) =>
                    setHighlight(i, { ...h, links: replaceAt(h.links, k, { ...l, url: v }) })
                  }
                  errors={errors}
                />
                <button
                  type="button"
                  class="small"
                  onClick={() => setHighlight(i, { ...h, links: removeAt(h.links, k) })}
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
            </div>
            <ItemControls
              what={`highlight ${i + 1}`}
              idBase="highlight"
              index={i}
              count={form.highlights.length}
              move={(by) => set("highlights", moveBy(form.highlights, i, by))}
              remove={() => set("highlights", removeAt(form.highlights, i))}
            />
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
            <Picker
              kind="people"
              single
              label="Person"
              name={`quotes.${i}.person`}
              value={q.person ? [q.person] : []}
              onChange={(v) => setQuote(i, { ...q, person: v[0] ?? "" })}
              errors={errors}
              required
            />
            <Field
              label="Role"
              name={`quotes.${i}.role`}
              value={q.role}
              onInput={(v) => setQuote(i, { ...q, role: v })}
              errors={errors}
            />
            <ItemControls
              what={`quote ${i + 1}`}
              idBase="quote"
              index={i}
              count={form.quotes.length}
              move={(by) => set("quotes", moveBy(form.quotes, i, by))}
              remove={() => set("quotes", removeAt(form.quotes, i))}
            />
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() => set("quotes", [...form.quotes, { text: "", person: "", role: "" }])}
        >
          Add a quote
        </button>
      </fieldset>
    </EditorPage>
  );
}
