/**
 * People and tag pickers: choose existing ones by typing part of a name or slug (the API's
 * `people(search:)` and `tags(search:)`, asked as you type, so any number of them can be
 * found), or create a new one (createPerson, createTag) when nothing matches, since content
 * inputs take only slugs of people and tags that exist. An ARIA 1.2 combobox (combobox.ts):
 * arrows move through the suggestions, Enter chooses, Escape closes, Backspace in an empty box
 * removes the last choice; each choice has its own remove button.
 */
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { useCombobox } from "./combobox";
import type { FieldErrors } from "./field-errors";

export type PickerKind = "people" | "tags";
export interface Choice {
  slug: string;
  name: string;
}

/** How many suggestions the API is asked for (slug order), and how many are shown (best first). */
const ASKED = 20;
const SHOWN = 8;
/** How long typing must pause before the API is asked. */
const DEBOUNCE_MS = 200;

const SEARCH: Record<PickerKind, string> = {
  people: `query($q: String!) { people(first: ${ASKED}, search: $q) { edges { node { slug name } } } }`,
  tags: `query($q: String!) { tags(first: ${ASKED}, search: $q) { edges { node { slug name } } } }`,
};
/** The field that finds one by slug. */
const ONE: Record<PickerKind, string> = { people: "person", tags: "tag" };
const CREATE: Record<PickerKind, string> = {
  people: `mutation($name: String!) { createPerson(input: { name: $name }) { __typename
    ... on Error { message } ... on CreatePersonSuccess { person { slug name } } } }`,
  tags: `mutation($name: String!) { createTag(input: { name: $name }) { __typename
    ... on Error { message } ... on CreateTagSuccess { tag { slug name } } } }`,
};
const NOUN: Record<PickerKind, string> = { people: "person", tags: "tag" };

/** Names seen this page load, by kind and slug: chosen ones are named without asking again. */
const names = new Map<string, string>();
const key = (kind: PickerKind, slug: string) => `${kind}:${slug}`;
const remember = (kind: PickerKind, list: readonly Choice[]) => {
  for (const c of list) names.set(key(kind, c.slug), c.name);
};

/** The names of chosen slugs not seen yet, in one request. */
async function learnNames(kind: PickerKind, slugs: readonly string[]): Promise<void> {
  const unknown = slugs.filter((s) => !names.has(key(kind, s)));
  if (unknown.length === 0) return;
  const vars = unknown.map((_, i) => `$s${i}: String!`).join(", ");
  const fields = unknown.map((_, i) => `s${i}: ${ONE[kind]}(slug: $s${i}) { slug name }`);
  const data = await gql<Record<string, Choice | null>>(
    `query(${vars}) { ${fields.join(" ")} }`,
    Object.fromEntries(unknown.map((s, i) => [`s${i}`, s])),
  );
  remember(
    kind,
    Object.values(data).filter((c) => c !== null),
  );
}

async function search(kind: PickerKind, q: string): Promise<Choice[]> {
  const data = await gql<Record<string, { edges: { node: Choice }[] }>>(SEARCH[kind], { q });
  const found = (data[kind]?.edges ?? []).map((e) => e.node);
  remember(kind, found);
  return found;
}

async function create(kind: PickerKind, name: string): Promise<Choice> {
  const data = await gql<
    Record<string, { __typename: string; message?: string } & Partial<Record<string, Choice>>>
  >(CREATE[kind], { name });
  const out = Object.values(data)[0];
  const made = out?.[kind === "people" ? "person" : "tag"];
  if (!made) throw new Error(out?.message ?? `The ${NOUN[kind]} was not created.`);
  remember(kind, [made]);
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
  const [text, setText] = useState("");
  /** The API's answer, and the text it answers (older answers are not offered). */
  const [found, setFound] = useState<{ q: string; list: Choice[] }>({ q: "", list: [] });
  const [, setNamed] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const q = fold(text.trim());

  useEffect(() => {
    learnNames(props.kind, props.value).then(
      () => setNamed((n) => n + 1),
      (e: Error) => setProblem(e.message),
    );
  }, [props.kind, props.value.join(" ")]);

  useEffect(() => {
    if (!q) return;
    const timer = setTimeout(() => {
      search(props.kind, text.trim()).then(
        (list) => {
          setProblem(null);
          setFound({ q, list });
        },
        (e: Error) => setProblem(e.message),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [props.kind, q]);

  const nameOf = (slug: string) => names.get(key(props.kind, slug)) ?? slug;
  // Best first: the name starts with the text, then a word of it or the slug does, then it
  // is somewhere inside ("ian": Ian Pratt before Brian J. Hall).
  const rank = (c: Choice) => {
    const name = fold(c.name);
    if (name.startsWith(q)) return 0;
    if (name.split(/\s+/).some((w) => w.startsWith(q)) || c.slug.startsWith(q)) return 1;
    return 2;
  };
  const current = q !== "" && found.q === q;
  const all = current ? found.list : [];
  const matches = all
    .filter((c) => !props.value.includes(c.slug))
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, SHOWN);
  const exact = all.some((c) => fold(c.name) === q || c.slug === q);
  const options: ({ kind: "choice"; choice: Choice } | { kind: "new"; name: string })[] = [
    ...matches.map((choice) => ({ kind: "choice" as const, choice })),
    ...(current && !exact ? [{ kind: "new" as const, name: text.trim() }] : []),
  ];
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
        slug = (await create(props.kind, option.name)).slug;
      } catch (e) {
        setProblem((e as Error).message);
        return;
      }
    }
    props.onChange(props.single ? [slug] : [...props.value, slug]);
    setText("");
    box.close();
  };
  const box = useCombobox(options.length, (i) => void choose(i));
  const shown = box.shown;
  const active = box.active;

  const onKey = (e: KeyboardEvent) => {
    if (box.onKey(e)) return;
    if (e.key === "Backspace" && text === "" && props.value.length > 0) {
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
        {...box.inputAttributes(listId, optionId)}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ")}
        onInput={(e) => {
          setText(e.currentTarget.value);
          box.typed();
        }}
        onKeyDown={onKey}
        onBlur={box.close}
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
