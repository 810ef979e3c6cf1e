/**
 * The issue editor: every field of createIssue/updateIssue: title, slug, volume and number,
 * summary, intro (Markdown), the full newsletter's link, byline, tags, sections with their
 * items (people, related entries), and the week's stats. The shared frame does the rest.
 */
import { useState } from "preact/hooks";
import { gql } from "./api";
import { BylineAndTags, EditorPage, SlugField } from "./editor-page";
import { numberOrNull, numberText, orNull, requiredInt, textAt } from "./form-values";
import { type ItemForm, type SectionForm, Sections } from "./issue-sections";
import { NO_STATS, Stats, type StatsForm } from "./issue-stats";
import { ENTRY_FIELDS, type EntryState } from "./publication";
import { type MutationAnswer, RESULT_FIELDS } from "./save-outcome";
import { Field } from "./ui";
import { type EditorSpec, useEditor } from "./use-editor";

interface IssueForm {
  title: string;
  slug: string;
  volume: string;
  number: string;
  summary: string;
  intro: string;
  fullNewsletterUrl: string;
  authors: string[];
  tags: string[];
  sections: SectionForm[];
  hasStats: boolean;
  stats: StatsForm;
}

const EMPTY: IssueForm = {
  title: "",
  slug: "",
  volume: "",
  number: "",
  summary: "",
  intro: "",
  fullNewsletterUrl: "",
  authors: [],
  tags: [],
  sections: [],
  hasStats: false,
  stats: NO_STATS,
};

const LABELS: Record<keyof IssueForm, string> = {
  title: "Title",
  slug: "Slug",
  volume: "Volume",
  number: "Number",
  summary: "Summary",
  intro: "Intro",
  fullNewsletterUrl: "Full newsletter",
  authors: "Byline",
  tags: "Tags",
  sections: "Sections",
  hasStats: "Has weekly stats",
  stats: "Stats",
};

interface Loaded extends EntryState {
  slug: string;
  volume: number;
  number: number;
  summary: string | null;
  intro: { markdown: string } | null;
  fullNewsletterUrl: string | null;
  authors: { slug: string }[];
  tags: { slug: string }[];
  sections: {
    kind: string;
    title: string;
    items: {
      title: string | null;
      body: { markdown: string } | null;
      url: string | null;
      people: { slug: string }[];
      related: { id: string } | null;
    }[];
  }[];
  stats: {
    weekStart: string;
    weekEnd: string;
    visitors: number | null;
    pageViews: number | null;
    browserShares: { browser: string; share: number }[];
    mailingLists: { list: string; posts: number | null; url: string | null }[];
    superstars: { slug: string }[];
  } | null;
}

const FIELDS = `${ENTRY_FIELDS} slug volume number summary
  intro { markdown } fullNewsletterUrl authors { slug } tags { slug }
  sections { kind title items { title body { markdown } url people { slug } related { id } } }
  stats { weekStart weekEnd visitors pageViews browserShares { browser share }
    mailingLists { list posts url } superstars { slug } }`;
const LOAD = `query($id: ID!) { node(id: $id) { ... on Issue { ${FIELDS} } } }`;
const CREATE = `mutation($input: IssueInput!) { createIssue(input: $input) { ${RESULT_FIELDS}
  ... on CreateIssueSuccess { issue { ${FIELDS} } } } }`;
const UPDATE = `mutation($id: ID!, $patch: IssuePatch!, $v: DateTime, $asRevision: Boolean) {
  updateIssue(id: $id, patch: $patch, expectedUpdatedAt: $v, asRevision: $asRevision) { ${RESULT_FIELDS}
  ... on UpdateIssueSuccess { issue { ${FIELDS} } } } }`;

type Answer = MutationAnswer<Loaded> & { issue?: Loaded };

function formOf(i: Loaded): IssueForm {
  const s = i.stats;
  return {
    title: i.title,
    slug: i.slug,
    volume: String(i.volume),
    number: String(i.number),
    summary: i.summary ?? "",
    intro: i.intro?.markdown ?? "",
    fullNewsletterUrl: i.fullNewsletterUrl ?? "",
    authors: i.authors.map((p) => p.slug),
    tags: i.tags.map((t) => t.slug),
    sections: i.sections.map((sec) => ({
      kind: sec.kind,
      title: sec.title,
      items: sec.items.map(
        (item): ItemForm => ({
          title: item.title ?? "",
          body: item.body?.markdown ?? "",
          url: item.url ?? "",
          people: item.people.map((p) => p.slug),
          related: item.related?.id ?? "",
        }),
      ),
    })),
    hasStats: s != null,
    stats: s
      ? {
          weekStart: s.weekStart,
          weekEnd: s.weekEnd,
          visitors: numberText(s.visitors),
          pageViews: numberText(s.pageViews),
          browserShares: s.browserShares.map((b) => ({
            browser: b.browser,
            share: String(b.share),
          })),
          mailingLists: s.mailingLists.map((m) => ({
            list: m.list,
            posts: numberText(m.posts),
            url: m.url ?? "",
          })),
          superstars: s.superstars.map((p) => p.slug),
        }
      : NO_STATS,
  };
}

function statsInput(s: StatsForm) {
  return {
    weekStart: s.weekStart,
    weekEnd: s.weekEnd,
    visitors: numberOrNull(s.visitors),
    pageViews: numberOrNull(s.pageViews),
    browserShares: s.browserShares.map((b) => ({
      browser: b.browser,
      share: numberOrNull(b.share) ?? 0,
    })),
    mailingLists: s.mailingLists.map((m) => ({
      list: m.list,
      posts: numberOrNull(m.posts),
      url: orNull(m.url),
    })),
    superstars: s.superstars,
  };
}

function inputOf(f: IssueForm) {
  return {
    title: f.title,
    slug: orNull(f.slug) ?? undefined, // empty: made from the title, or kept
    volume: requiredInt(f.volume),
    number: requiredInt(f.number),
    summary: orNull(f.summary),
    intro: orNull(f.intro),
    fullNewsletterUrl: orNull(f.fullNewsletterUrl),
    authors: f.authors,
    tags: f.tags,
    sections: f.sections.map((s) => ({
      kind: s.kind,
      title: s.title,
      items: s.items.map((item) => ({
        title: orNull(item.title),
        body: orNull(item.body),
        url: orNull(item.url),
        people: item.people,
        related: orNull(item.related),
      })),
    })),
    stats: f.hasStats ? statsInput(f.stats) : null,
  };
}

const SPEC: EditorSpec<Loaded, IssueForm> = {
  noun: "issue",
  base: "/admin/issues",
  empty: EMPTY,
  formOf,
  async load(id) {
    const data = await gql<{ node: Loaded | null }>(LOAD, { id });
    return data.node?.__typename === "Issue" ? data.node : null;
  },
  async write(form, id, v, asRevision) {
    const input = inputOf(form);
    const out = id
      ? (await gql<{ updateIssue: Answer }>(UPDATE, { id, patch: input, v, asRevision }))
          .updateIssue
      : (await gql<{ createIssue: Answer }>(CREATE, { input })).createIssue;
    return { ...out, entry: out.issue };
  },
};

/** "sections.0.items.1.body" → "Section 1, item 2". */
const previewTitle = (path: string) => {
  const m = /^sections\.(\d+)\.items\.(\d+)\.body$/.exec(path);
  return m ? `Preview: section ${Number(m[1]) + 1}, item ${Number(m[2]) + 1}` : "Intro preview";
};

export function IssuePage({ id }: { id: string | null }) {
  const editor = useEditor(id, SPEC);
  const { form, set, errors, loaded } = editor;
  const [md, setMd] = useState("intro");
  return (
    <EditorPage
      heading={id ? `Edit issue: ${loaded?.title ?? "…"}` : "New issue"}
      noun="issue"
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
      <div class="row">
        <Field
          label="Volume"
          name="volume"
          type="number"
          value={form.volume}
          onInput={(v) => set("volume", v)}
          errors={errors}
          required
        />
        <Field
          label="Number"
          name="number"
          type="number"
          value={form.number}
          onInput={(v) => set("number", v)}
          errors={errors}
          required
        />
      </div>
      <SlugField editor={editor} />
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
        label="Intro (Markdown)"
        name="intro"
        value={form.intro}
        onInput={(v) => set("intro", v)}
        onFocus={() => setMd("intro")}
        errors={errors}
        multiline
        rows={6}
      />
      <Field
        label="Full newsletter URL"
        name="fullNewsletterUrl"
        type="url"
        value={form.fullNewsletterUrl}
        onInput={(v) => set("fullNewsletterUrl", v)}
        errors={errors}
      />
      <BylineAndTags editor={editor} />
      <Sections
        sections={form.sections}
        onChange={(v) => set("sections", v)}
        errors={errors}
        onMarkdown={(path) => setMd(path ?? "intro")}
      />
      <Stats
        on={form.hasStats}
        setOn={(on) => set("hasStats", on)}
        stats={form.stats}
        onChange={(v) => set("stats", v)}
        errors={errors}
      />
    </EditorPage>
  );
}
