/**
 * The poll editor: title, question, description, open and close times (in the editor's own
 * time zone, UTC shown), options with pictures, byline and tags, credits with their roles,
 * and how and when results are shown; the shared editor frame does the rest (use-editor.ts).
 */
import { gql } from "./api";
import { BylineAndTags, EditorPage, SlugField } from "./editor-page";
import { EntryPicker } from "./entry-picker";
import { editorZone, instantOf, localOf, moveBy, orNull, removeAt, replaceAt } from "./form-values";
import { ItemControls } from "./list-controls";
import { Picker } from "./picker";
import { ENTRY_FIELDS, type EntryState } from "./publication";
import { type MutationAnswer, RESULT_FIELDS } from "./save-outcome";
import { Check, Field, Link } from "./ui";
import { type EditorSpec, useEditor } from "./use-editor";

interface PollForm {
  title: string;
  slug: string;
  question: string;
  description: string;
  opensAt: string;
  closesAt: string;
  authors: string[];
  tags: string[];
  options: { label: string; imageUrl: string }[];
  credits: { person: string; role: string }[];
  resultsVisibility: string;
  resultsEvent: string;
  resultsAnnouncedOn: string;
  countsRecorded: boolean;
}

const EMPTY: PollForm = {
  title: "",
  slug: "",
  question: "",
  description: "",
  opensAt: "",
  closesAt: "",
  authors: [],
  tags: [],
  options: [
    { label: "", imageUrl: "" },
    { label: "", imageUrl: "" },
  ],
  credits: [],
  resultsVisibility: "AFTER_VOTE",
  resultsEvent: "",
  resultsAnnouncedOn: "",
  countsRecorded: true,
};

const LABELS: Record<keyof PollForm, string> = {
  title: "Title",
  slug: "Slug",
  question: "Question",
  description: "Description",
  opensAt: "Opens",
  closesAt: "Closes",
  authors: "Byline",
  tags: "Tags",
  options: "Options",
  credits: "Credits",
  resultsVisibility: "Results shown",
  resultsEvent: "Results announced at (event)",
  resultsAnnouncedOn: "Results announced on",
  countsRecorded: "Counts recorded",
};

interface Loaded extends EntryState {
  slug: string;
  question: string;
  description: { markdown: string } | null;
  opensAt: string | null;
  closesAt: string | null;
  authors: { slug: string }[];
  tags: { slug: string }[];
  options: { label: string; imageUrl: string | null }[];
  creditsWithRoles: { person: { slug: string }; role: string | null }[];
  resultsVisibility: string;
  resultsEvent: { id: string } | null;
  resultsAnnouncedOn: string | null;
  countsRecorded: boolean;
}

const FIELDS = `${ENTRY_FIELDS} slug question
  description { markdown } opensAt closesAt authors { slug } tags { slug } options { label imageUrl }
  creditsWithRoles { person { slug } role } resultsVisibility resultsEvent { id } resultsAnnouncedOn
  countsRecorded`;
const LOAD = `query($id: ID!) { node(id: $id) { ... on Poll { ${FIELDS} } } }`;
const CREATE = `mutation($input: PollInput!) { createPoll(input: $input) { ${RESULT_FIELDS}
  ... on CreatePollSuccess { poll { ${FIELDS} } } } }`;
const UPDATE = `mutation($id: ID!, $patch: PollPatch!, $v: DateTime, $asRevision: Boolean) {
  updatePoll(id: $id, patch: $patch, expectedUpdatedAt: $v, asRevision: $asRevision) { ${RESULT_FIELDS}
  ... on UpdatePollSuccess { poll { ${FIELDS} } } } }`;

type Answer = MutationAnswer<Loaded> & { poll?: Loaded };

function formOf(p: Loaded): PollForm {
  return {
    title: p.title,
    slug: p.slug,
    question: p.question,
    description: p.description?.markdown ?? "",
    opensAt: localOf(p.opensAt),
    closesAt: localOf(p.closesAt),
    authors: p.authors.map((a) => a.slug),
    tags: p.tags.map((t) => t.slug),
    options: p.options.map((o) => ({ label: o.label, imageUrl: o.imageUrl ?? "" })),
    credits: p.creditsWithRoles.map((c) => ({ person: c.person.slug, role: c.role ?? "" })),
    resultsVisibility: p.resultsVisibility,
    resultsEvent: p.resultsEvent?.id ?? "",
    resultsAnnouncedOn: p.resultsAnnouncedOn ?? "",
    countsRecorded: p.countsRecorded,
  };
}

function inputOf(f: PollForm) {
  return {
    title: f.title,
    slug: orNull(f.slug) ?? undefined,
    question: f.question,
    description: orNull(f.description),
    opensAt: instantOf(f.opensAt),
    closesAt: instantOf(f.closesAt),
    authors: f.authors,
    tags: f.tags,
    options: f.options.map((o) => ({ label: o.label, imageUrl: orNull(o.imageUrl) })),
    credits: f.credits.map((c) => ({ person: c.person, role: orNull(c.role) })),
    resultsVisibility: f.resultsVisibility,
    resultsEvent: orNull(f.resultsEvent),
    resultsAnnouncedOn: orNull(f.resultsAnnouncedOn),
    countsRecorded: f.countsRecorded,
  };
}

const SPEC: EditorSpec<Loaded, PollForm> = {
  noun: "poll",
  base: "/admin/polls",
  empty: EMPTY,
  formOf,
  async load(id) {
    const data = await gql<{ node: Loaded | null }>(LOAD, { id });
    return data.node?.__typename === "Poll" ? data.node : null;
  },
  async write(form, id, v, asRevision) {
    const input = inputOf(form);
    const out = id
      ? (await gql<{ updatePoll: Answer }>(UPDATE, { id, patch: input, v, asRevision })).updatePoll
      : (await gql<{ createPoll: Answer }>(CREATE, { input })).createPoll;
    return { ...out, entry: out.poll };
  },
};

export function PollPage({ id }: { id: string | null }) {
  const editor = useEditor(id, SPEC);
  const { form, set, errors, loaded } = editor;
  const zone = editorZone();
  const setOption = (i: number, o: PollForm["options"][number]) =>
    set("options", replaceAt(form.options, i, o));
  const setCredit = (i: number, c: PollForm["credits"][number]) =>
    set("credits", replaceAt(form.credits, i, c));

  return (
    <EditorPage
      heading={id ? `Edit poll: ${loaded?.title ?? "…"}` : "New poll"}
      noun="poll"
      editor={editor}
      labels={LABELS}
      preview={{ title: "Description preview", markdown: form.description }}
      side={
        loaded ? (
          <p>
            <Link href={`/admin/polls/${encodeURIComponent(loaded.id)}/live`}>Live results</Link>
          </p>
        ) : null
      }
    >
      <Field
        label="Title"
        name="title"
        value={form.title}
        onInput={(v) => set("title", v)}
        errors={errors}
        required
      />
      <SlugField editor={editor} />
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
          hint={form.opensAt ? `= ${instantOf(form.opensAt)} UTC` : "Empty: open on publication."}
        />
        <Field
          label={`Closes (your time, ${zone})`}
          name="closesAt"
          type="datetime-local"
          value={form.closesAt}
          onInput={(v) => set("closesAt", v)}
          errors={errors}
          hint={form.closesAt ? `= ${instantOf(form.closesAt)} UTC` : "Empty: never closes."}
        />
      </div>
      <BylineAndTags editor={editor} />
      <fieldset>
        <legend>Options</legend>
        {form.options.map((o, i) => (
          <div class="item-row" key={i}>
            <div class="row">
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
            </div>
            <ItemControls
              what={`option ${i + 1}`}
              idBase="option"
              index={i}
              count={form.options.length}
              move={(by) => set("options", moveBy(form.options, i, by))}
              remove={() => set("options", removeAt(form.options, i))}
            />
          </div>
        ))}
        <button
          type="button"
          onClick={() => set("options", [...form.options, { label: "", imageUrl: "" }])}
        >
          Add an option
        </button>
      </fieldset>
      <fieldset>
        <legend>Results</legend>
        <div class={`field${errors.resultsVisibility ? " invalid" : ""}`}>
          <label for="f-resultsVisibility">Results shown</label>
          <select
            id="f-resultsVisibility"
            value={form.resultsVisibility}
            onChange={(e) => set("resultsVisibility", e.currentTarget.value)}
          >
            <option value="AFTER_VOTE">
              To each reader once they voted; to all after the close
            </option>
            <option value="AFTER_CLOSE">To all after the close</option>
            <option value="ALWAYS">Always</option>
          </select>
        </div>
        <Check
          label="Counts recorded"
          name="countsRecorded"
          checked={form.countsRecorded}
          onChange={(v) => set("countsRecorded", v)}
          hint="Untick for an archived poll whose counts were never kept (needs a close time)."
        />
        <div class="row">
          <Field
            label="Results announced on"
            name="resultsAnnouncedOn"
            type="date"
            value={form.resultsAnnouncedOn}
            onInput={(v) => set("resultsAnnouncedOn", v)}
            errors={errors}
          />
          <EntryPicker
            label="Results announced at (an event)"
            name="resultsEvent"
            value={form.resultsEvent}
            onChange={(v) => set("resultsEvent", v)}
            errors={errors}
            types={["EVENT"]}
            hint="Type words of the event's title, then choose with the arrow keys and Enter; the id is what the poll keeps."
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>Credits</legend>
        {form.credits.map((c, i) => (
          <div class="item-row" key={i}>
            <div class="row">
              <Picker
                kind="people"
                label={`Credit ${i + 1}: person`}
                name={`credits.${i}.person`}
                value={c.person ? [c.person] : []}
                onChange={(v) => setCredit(i, { ...c, person: v[0] ?? "" })}
                errors={errors}
                single
                required
              />
              <Field
                label={`Credit ${i + 1}: role`}
                name={`credits.${i}.role`}
                value={c.role}
                onInput={(v) => setCredit(i, { ...c, role: v })}
                errors={errors}
              />
            </div>
            <ItemControls
              what={`credit ${i + 1}`}
              idBase="credit"
              index={i}
              count={form.credits.length}
              move={(by) => set("credits", moveBy(form.credits, i, by))}
              remove={() => set("credits", removeAt(form.credits, i))}
            />
          </div>
        ))}
        <button
          type="button"
          onClick={() => set("credits", [...form.credits, { person: "", role: "" }])}
        >
          Add a credit
        </button>
      </fieldset>
    </EditorPage>
  );
}
