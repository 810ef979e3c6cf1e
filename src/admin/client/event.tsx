/**
 * The event editor: every field of createEvent/updateEvent: title, the event's own name, slug,
 * start and end (the editor's zone, UTC shown), all day, time zone, venue, description
 * (Markdown), registration link and price, presentation count, speakers, byline, tags, and
 * the sessions. The shared frame does the rest.
 */
import { useState } from "preact/hooks";
import { gql } from "./api";
import { BylineAndTags, EditorPage, SlugField } from "./editor-page";
import { type SessionForm, Sessions } from "./event-sessions";
import {
  editorZone,
  instantOf,
  localOf,
  numberOrNull,
  numberText,
  orNull,
  textAt,
} from "./form-values";
import { Picker } from "./picker";
import { ENTRY_FIELDS, type EntryState } from "./publication";
import { type MutationAnswer, RESULT_FIELDS } from "./save-outcome";
import { Check, Field } from "./ui";
import { type EditorSpec, useEditor } from "./use-editor";

interface EventForm {
  title: string;
  name: string;
  slug: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string;
  venue: string;
  description: string;
  registrationUrl: string;
  priceAmount: string;
  priceCurrency: string;
  presentationCount: string;
  speakers: string[];
  authors: string[];
  tags: string[];
  sessions: SessionForm[];
}

const EMPTY: EventForm = {
  title: "",
  name: "",
  slug: "",
  startsAt: "",
  endsAt: "",
  allDay: false,
  timeZone: "",
  venue: "",
  description: "",
  registrationUrl: "",
  priceAmount: "",
  priceCurrency: "",
  presentationCount: "",
  speakers: [],
  authors: [],
  tags: [],
  sessions: [],
};

const LABELS: Record<keyof EventForm, string> = {
  title: "Title",
  name: "Event name",
  slug: "Slug",
  startsAt: "Starts",
  endsAt: "Ends",
  allDay: "All day",
  timeZone: "Time zone",
  venue: "Venue",
  description: "Description",
  registrationUrl: "Registration URL",
  priceAmount: "Price",
  priceCurrency: "Currency",
  presentationCount: "Presentations",
  speakers: "Speakers",
  authors: "Byline",
  tags: "Tags",
  sessions: "Sessions",
};

interface SessionNode {
  title: string;
  startsAt: string | null;
  endsAt: string | null;
  room: string | null;
  abstract: { markdown: string } | null;
  speakers: { slug: string }[];
}
interface SessionPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: SessionNode }[];
}
interface Loaded extends EntryState {
  slug: string;
  name: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  timeZone: string | null;
  venue: string | null;
  description: { markdown: string } | null;
  registration: { url: string | null; price: { amount: string; currency: string } | null } | null;
  presentationCount: number | null;
  speakers: { slug: string }[];
  authors: { slug: string }[];
  tags: { slug: string }[];
  sessions: SessionPage;
}

const SESSIONS = `sessions(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { title startsAt endsAt room abstract { markdown } speakers { slug } } } }`;
const FIELDS = `${ENTRY_FIELDS} slug name startsAt endsAt
  allDay timeZone venue description { markdown } registration { url price { amount currency } }
  presentationCount speakers { slug } authors { slug } tags { slug }`;
const LOAD = `query($id: ID!, $after: String) { node(id: $id) { ... on Event { ${FIELDS} ${SESSIONS} } } }`;
const MORE = `query($id: ID!, $after: String) { node(id: $id) { ... on Event { ${SESSIONS} } } }`;
// A saved event's sessions: the first page here, the rest by load().
const SAVED = `${FIELDS} sessions(first: 100) { pageInfo { hasNextPage endCursor }
  edges { node { title startsAt endsAt room abstract { markdown } speakers { slug } } } }`;
const CREATE = `mutation($input: EventInput!) { createEvent(input: $input) { ${RESULT_FIELDS}
  ... on CreateEventSuccess { event { ${SAVED} } } } }`;
const UPDATE = `mutation($id: ID!, $patch: EventPatch!, $v: DateTime, $asRevision: Boolean) {
  updateEvent(id: $id, patch: $patch, expectedUpdatedAt: $v, asRevision: $asRevision) { ${RESULT_FIELDS}
  ... on UpdateEventSuccess { event { ${SAVED} } } } }`;

type Answer = MutationAnswer<Loaded> & { event?: Loaded };

/** The whole agenda: the sessions after the first page, page by page. */
async function allSessions(id: string, first: SessionPage): Promise<SessionPage> {
  const edges = [...first.edges];
  let info = first.pageInfo;
  while (info.hasNextPage) {
    const data = await gql<{ node: { sessions: SessionPage } | null }>(MORE, {
      id,
      after: info.endCursor,
    });
    if (!data.node) break;
    edges.push(...data.node.sessions.edges);
    info = data.node.sessions.pageInfo;
  }
  return { pageInfo: info, edges };
}

function formOf(e: Loaded): EventForm {
  const price = e.registration?.price;
  return {
    title: e.title,
    name: e.name === e.title ? "" : e.name, // the API answers the title when there is no name
    slug: e.slug,
    startsAt: localOf(e.startsAt),
    endsAt: localOf(e.endsAt),
    allDay: e.allDay,
    timeZone: e.timeZone ?? "",
    venue: e.venue ?? "",
    description: e.description?.markdown ?? "",
    registrationUrl: e.registration?.url ?? "",
    priceAmount: price?.amount ?? "",
    priceCurrency: price?.currency ?? "",
    presentationCount: numberText(e.presentationCount),
    speakers: e.speakers.map((p) => p.slug),
    authors: e.authors.map((p) => p.slug),
    tags: e.tags.map((t) => t.slug),
    sessions: e.sessions.edges.map(({ node: s }) => ({
      title: s.title,
      startsAt: localOf(s.startsAt),
      endsAt: localOf(s.endsAt),
      room: s.room ?? "",
      abstract: s.abstract?.markdown ?? "",
      speakers: s.speakers.map((p) => p.slug),
    })),
  };
}

function inputOf(f: EventForm) {
  const priced = f.priceAmount.trim() !== "" || f.priceCurrency.trim() !== "";
  return {
    title: f.title,
    name: orNull(f.name),
    slug: orNull(f.slug) ?? undefined, // empty: made from the title, or kept
    // Required: an empty one goes as the epoch, so the API's own field error shows.
    startsAt: instantOf(f.startsAt) ?? new Date(0).toISOString(),
    endsAt: instantOf(f.endsAt) ?? new Date(0).toISOString(),
    allDay: f.allDay,
    timeZone: orNull(f.timeZone),
    venue: orNull(f.venue),
    description: orNull(f.description),
    registrationUrl: orNull(f.registrationUrl),
    price: priced
      ? { amount: f.priceAmount.trim(), currency: f.priceCurrency.trim().toUpperCase() }
      : null,
    presentationCount: numberOrNull(f.presentationCount),
    speakers: f.speakers,
    authors: f.authors,
    tags: f.tags,
    sessions: f.sessions.map((s) => ({
      title: s.title,
      startsAt: instantOf(s.startsAt),
      endsAt: instantOf(s.endsAt),
      room: orNull(s.room),
      abstract: orNull(s.abstract),
      speakers: s.speakers,
    })),
  };
}

const SPEC: EditorSpec<Loaded, EventForm> = {
  noun: "event",
  base: "/admin/events",
  empty: EMPTY,
  formOf,
  async load(id) {
    const data = await gql<{ node: Loaded | null }>(LOAD, { id, after: null });
    if (data.node?.__typename !== "Event") return null;
    return { ...data.node, sessions: await allSessions(id, data.node.sessions) };
  },
  async write(form, id, v, asRevision) {
    const input = inputOf(form);
    const out = id
      ? (await gql<{ updateEvent: Answer }>(UPDATE, { id, patch: input, v, asRevision }))
          .updateEvent
      : (await gql<{ createEvent: Answer }>(CREATE, { input })).createEvent;
    const saved = out.event;
    return {
      ...out,
      entry: saved && { ...saved, sessions: await allSessions(saved.id, saved.sessions) },
    };
  },
};

const previewTitle = (path: string) => {
  const m = /^sessions\.(\d+)\.abstract$/.exec(path);
  return m ? `Preview: session ${Number(m[1]) + 1} abstract` : "Description preview";
};

export function EventPage({ id }: { id: string | null }) {
  const editor = useEditor(id, SPEC);
  const { form, set, errors, loaded } = editor;
  const zone = editorZone();
  const [md, setMd] = useState("description");
  return (
    <EditorPage
      heading={id ? `Edit event: ${loaded?.title ?? "…"}` : "New event"}
      noun="event"
      editor={editor}
      labels={LABELS}
      preview={{ title: previewTitle(md), markdown: textAt(form, md) }}
    >
      <Field
        label="Title"
        name="title"
        value={form.title}
        onInput={(v) => set("title", v)}
        errors={errors}
        required
      />
      <Field
        label="Event name"
        name="name"
        value={form.name}
        onInput={(v) => set("name", v)}
        errors={errors}
        hint="When the title is a headline about it; empty: the title."
      />
      <SlugField editor={editor} />
      <div class="row">
        <Field
          label={`Starts (your time, ${zone})`}
          name="startsAt"
          type="datetime-local"
          value={form.startsAt}
          onInput={(v) => set("startsAt", v)}
          errors={errors}
          hint={form.startsAt ? `= ${instantOf(form.startsAt)} UTC` : undefined}
          required
        />
        <Field
          label={`Ends (your time, ${zone})`}
          name="endsAt"
          type="datetime-local"
          value={form.endsAt}
          onInput={(v) => set("endsAt", v)}
          errors={errors}
          hint={form.endsAt ? `= ${instantOf(form.endsAt)} UTC` : undefined}
          required
        />
      </div>
      <Check
        label="All day"
        name="allDay"
        checked={form.allDay}
        onChange={(v) => set("allDay", v)}
        hint="Whole days: the start is the first day's midnight UTC, the end the midnight after the last."
      />
      <div class="row">
        <Field
          label="Event's time zone"
          name="timeZone"
          value={form.timeZone}
          onInput={(v) => set("timeZone", v)}
          errors={errors}
          hint="IANA name, e.g. America/Los_Angeles."
        />
        <Field
          label="Venue"
          name="venue"
          value={form.venue}
          onInput={(v) => set("venue", v)}
          errors={errors}
        />
      </div>
      <Field
        label="Description (Markdown)"
        name="description"
        value={form.description}
        onInput={(v) => set("description", v)}
        onFocus={() => setMd("description")}
        errors={errors}
        multiline
        rows={6}
      />
      <fieldset>
        <legend>Registration</legend>
        <Field
          label="Registration URL"
          name="registrationUrl"
          type="url"
          value={form.registrationUrl}
          onInput={(v) => set("registrationUrl", v)}
          errors={errors}
        />
        <div class="row">
          <Field
            label="Price"
            name="price.amount"
            value={form.priceAmount}
            onInput={(v) => set("priceAmount", v)}
            errors={errors}
            hint='Decimal, e.g. "235.00". Both empty: no price.'
          />
          <Field
            label="Currency"
            name="price.currency"
            value={form.priceCurrency}
            onInput={(v) => set("priceCurrency", v)}
            errors={errors}
            hint="ISO 4217, e.g. USD."
          />
        </div>
      </fieldset>
      <Field
        label="Presentations"
        name="presentationCount"
        type="number"
        value={form.presentationCount}
        onInput={(v) => set("presentationCount", v)}
        errors={errors}
        hint="How many talks, when the agenda below is not complete."
      />
      <Picker
        kind="people"
        label="Speakers"
        name="speakers"
        value={form.speakers}
        onChange={(v) => set("speakers", v)}
        errors={errors}
      />
      <BylineAndTags editor={editor} />
      <Sessions
        sessions={form.sessions}
        onChange={(v) => set("sessions", v)}
        errors={errors}
        onMarkdown={(path) => setMd(path ?? "description")}
      />
    </EditorPage>
  );
}
