/**
 * People and tag pickers: choose existing ones (the API's `people` and `tags` lists, read once
 * per page load) by typing part of a name or slug, or create a new one (createPerson, createTag)
 * when nothing matches, since content inputs take only slugs of people and tags that exist.
 * An ARIA 1.2 combobox: arrows move through the suggestions, Enter chooses, Escape closes,
 * Backspace in an empty box removes the last choice; each choice has its own remove button.
 */
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import type { FieldErrors } from "./field-errors";

export type PickerKind = "people" | "tags";
export interface Choice {
  slug: string;
  name: string;
}

const LIST: Record<PickerKind, string> = {
  people: `query($after: String) { people(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { slug name } } } }`,
  tags: `query($after: String) { tags(first: 100, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { slug name } } } }`,
};
const CREATE: Record<PickerKind, string> = {
  people: `mutation($name: String!) { createPerson(input: { name: $name }) { __typename
    ... on Error { message } ... on CreatePersonSuccess { person { slug name } } } }`,
  tags: `mutation($name: String!) { createTag(input: { name: $name }) { __typename
    ... on Error { message } ... on CreateTagSuccess { tag { slug name } } } }`,
};
const NOUN: Record<PickerKind, string> = { people: "person", tags: "tag" };

interface Page {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Choice }[];
}

/** What the API lists, fetched once per page load (at most 2,000) and shared by every picker. */
const known: Partial<Record<PickerKind, Promise<Choice[]>>> = {};
function choices(kind: PickerKind): Promise<Choice[]> {
  known[kind] ??= (async () => {
    const all: Choice[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const data: Record<string, Page> = await gql<Record<string, Page>>(LIST[kind], { after });
      const page = data[kind] as Page;
      all.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return all;
  })().catch((e: unknown) => {
    delete known[kind];
    throw e;
  });
  return known[kind];
}

async function create(kind: PickerKind, name: string): Promise<Choice> {
  const data = await gql<
    Record<string, { __typename: string; message?: string } & Partial<Record<string, Choice>>>
  >(CREATE[kind], { name });
  const out = Object.values(data)[0];
  const made = out?.[kind === "people" ? "person" : "tag"];
  if (!made) throw new Error(out?.message ?? `The ${NOUN[kind]} was not created.`);
  const list = await choices(kind).catch(() => []);
  known[kind] = Promise.resolve([...list, made]);
  return made;
}

const fold = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");

export function Picker(props: {
  kind: PickerKind;
  label: string;
  /** The API path of the field, for its errors and its id ("sections.0.items.1.people"). */
  name: string;
  value: string[];
  onChange(value: string[]): void;
  errors: FieldErrors;
  /** One choice at most (a quote's person). */
  single?: boolean;
  required?: boolean;
  hint?: string;
}) {
  const id = `f-${props.name.replace(/\./g, "-")}`;
  const [all, setAll] = useState<Choice[]>([]);
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    choices(props.kind).then(setAll, (e: Error) => setProblem(e.message));
  }, [props.kind]);

  const nameOf = (slug: string) => all.find((c) => c.slug === slug)?.name ?? slug;
  const q = fold(text.trim());
  // Best first: the name starts with the text, then a word of it or the slug does, then it
  // is somewhere inside ("ian": Ian Pratt before Brian J. Hall).
  const rank = (c: Choice) => {
    const name = fold(c.name);
    if (name.startsWith(q)) return 0;
    if (name.split(/\s+/).some((w) => w.startsWith(q)) || c.slug.startsWith(q)) return 1;
    return name.includes(q) || c.slug.includes(q) ? 2 : 3;
  };
  const matches = q
    ? all
        .filter((c) => !props.value.includes(c.slug) && rank(c) < 3)
        .sort((a, b) => rank(a) - rank(b))
        .slice(0, 8)
    : [];
  const exact = all.some((c) => fold(c.name) === q || c.slug === q);
  const options: ({ kind: "choice"; choice: Choice } | { kind: "new"; name: string })[] = [
    ...matches.map((choice) => ({ kind: "choice" as const, choice })),
    ...(q && !exact ? [{ kind: "new" as const, name: text.trim() }] : []),
  ];
  const shown = open && options.length > 0;
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  const choose = async (i: number) => {
    const option = options[i];
    if (!option) return;
    setProblem(null);
    let slug: string;
    if (option.kind === "choice") slug = option.choice.slug;
    else {
      try {
        const made = await create(props.kind, option.name);
        setAll((a) => [...a, made]);
        slug = made.slug;
      } catch (e) {
        setProblem((e as Error).message);
        return;
      }
    }
    props.onChange(props.single ? [slug] : [...props.value, slug]);
    setText("");
    setOpen(false);
    setActive(0);
  };

  const key = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      const n = options.length || 1;
      setActive((a) => (e.key === "ArrowDown" ? (a + 1) % n : (a - 1 + n) % n));
    } else if (e.key === "Enter") {
      if (shown) {
        e.preventDefault(); // choose, do not submit the form
        void choose(active);
      }
    } else if (e.key === "Escape") {
      if (shown) {
        e.preventDefault();
        setOpen(false);
      }
    } else if (e.key === "Backspace" && text === "" && props.value.length > 0) {
      props.onChange(props.value.slice(0, -1));
    }
  };

  const error = props.errors[props.name] ?? problem;
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  const chosenId = `${id}-chosen`;
  return (
    <div class={`field picker${error ? " invalid" : ""}`}>
      <label for={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {props.value.length > 0 ? (
        <ul class="chips" id={chosenId} aria-label={`${props.label}: chosen`}>
          {props.value.map((slug, i) => (
            <li key={slug}>
              {nameOf(slug)}
              <button
                type="button"
                class="chip-remove"
                aria-label={`Remove ${nameOf(slug)} from ${props.label}`}
                onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        value={text}
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown ? optionId(active) : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ")}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={key}
        onBlur={() => setOpen(false)}
      />
      <div role="listbox" id={listId} class="suggestions" hidden={!shown} aria-label={props.label}>
        {shown
          ? options.map((o, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input takes the keys (aria-activedescendant)
              <div
                key={o.kind === "choice" ? o.choice.slug : "new"}
                id={optionId(i)}
                role="option"
                tabIndex={-1}
                aria-selected={i === active}
                class={i === active ? "active" : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void choose(i)}
              >
                {o.kind === "choice" ? (
                  <>
                    {o.choice.name} <span class="hint">{o.choice.slug}</span>
                  </>
                ) : (
                  `Create ${NOUN[props.kind]} “${o.name}”`
                )}
              </div>
            ))
          : null}
      </div>
      <p class="hint" id={hintId}>
        {props.hint ??
          `Type part of a name, then choose with the arrow keys and Enter (or create a new ${NOUN[props.kind]}).`}
      </p>
      {error ? (
        <p class="error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
