/**
 * Choose an archive entry (an issue item's related entry, a poll's results event) by searching
 * titles through the API's `search` (best match first; the last word also matches as a
 * prefix), as a combobox like the people and tag pickers. The chosen entry shows its title,
 * type, date and global id, which is what the API stores.
 */
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { useCombobox } from "./combobox";
import type { FieldErrors } from "./field-errors";

export interface EntryChoice {
  __typename: string;
  id: string;
  title: string;
  publishedAt: string | null;
  startsAt?: string;
}

const PARTS = "__typename id ... on Content { title publishedAt } ... on Event { startsAt }";
const SEARCH = `query($q: String!, $types: [ContentType!]) { search(query: $q, types: $types, first: 8) {
  edges { node { node { ${PARTS} } } } } }`;
const ONE = `query($id: ID!) { node(id: $id) { ${PARTS} } }`;

/** Entries already seen, by id: a chosen one is named without asking again. */
const seen = new Map<string, EntryChoice | null>();

async function entryById(id: string): Promise<EntryChoice | null> {
  if (!seen.has(id)) {
    const data = await gql<{ node: EntryChoice | null }>(ONE, { id }).catch(() => ({ node: null }));
    seen.set(id, data.node && "title" in data.node ? data.node : null);
  }
  return seen.get(id) ?? null;
}

/** Type and date: an event's start, otherwise its publication (a draft has none). */
export function entryFacts(e: EntryChoice): string {
  const at = e.startsAt ?? e.publishedAt;
  return `${e.__typename} · ${at ? at.slice(0, 10) : "draft"}`;
}

/** How long typing must pause before the API is asked. */
const DEBOUNCE_MS = 250;

export function EntryPicker(props: {
  label: string;
  /** The API path of the field, for its errors and its id ("sections.0.items.1.related"). */
  name: string;
  /** The chosen entry's global id, "" for none. */
  value: string;
  onChange(id: string): void;
  errors: FieldErrors;
  /** Only these types (ContentType values: "EVENT"…); all when absent. */
  types?: string[];
  hint?: string;
}) {
  const id = `f-${props.name.replace(/\./g, "-")}`;
  const [text, setText] = useState("");
  const [hits, setHits] = useState<EntryChoice[]>([]);
  const [chosen, setChosen] = useState<EntryChoice | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const choose = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    seen.set(hit.id, hit);
    props.onChange(hit.id);
    setText("");
    box.close();
  };
  const box = useCombobox(hits.length, choose);

  useEffect(() => {
    if (!props.value) setChosen(null);
    else entryById(props.value).then(setChosen);
  }, [props.value]);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setHits([]);
      return;
    }
    const timer = setTimeout(() => {
      gql<{ search: { edges: { node: { node: EntryChoice } }[] } }>(SEARCH, {
        q,
        types: props.types ?? null,
      }).then(
        (d) => {
          setProblem(null);
          setHits(d.search.edges.map((e) => e.node.node).filter((e) => e.id !== props.value));
        },
        (e: Error) => setProblem(e.message),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const error = props.errors[props.name] ?? problem;
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const hintId = `${id}-hint`;
  const errorId = error ? `${id}-error` : undefined;
  // The chosen entry is read out with the box, so the id and its title are never out of earshot.
  const chosenId = props.value ? `${id}-chosen` : undefined;
  return (
    <div class={`field picker${error ? " invalid" : ""}`}>
      <label for={id}>{props.label}</label>
      {props.value ? (
        <p class="chosen-entry" id={chosenId}>
          {chosen ? (
            <>
              <strong>{chosen.title}</strong> <span class="hint">{entryFacts(chosen)}</span>
            </>
          ) : (
            <span class="hint">An entry you cannot see, or none</span>
          )}{" "}
          <code>{props.value}</code>{" "}
          <button
            type="button"
            class="chip-remove"
            aria-label={`Remove the entry from ${props.label}`}
            onClick={() => props.onChange("")}
          >
            ×
          </button>
        </p>
      ) : null}
      <input
        id={id}
        {...box.inputAttributes(listId, optionId)}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={[chosenId, hintId, errorId].filter(Boolean).join(" ")}
        onInput={(e) => {
          setText(e.currentTarget.value);
          box.typed();
        }}
        onKeyDown={(e) => box.onKey(e)}
        onBlur={box.close}
      />
      <div
        role="listbox"
        id={listId}
        class="suggestions"
        hidden={!box.shown}
        aria-label={props.label}
      >
        {box.shown
          ? hits.map((hit, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox's input takes the keys (aria-activedescendant)
              <div
                key={hit.id}
                id={optionId(i)}
                role="option"
                tabIndex={-1}
                aria-selected={i === box.active}
                class={i === box.active ? "active" : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(i)}
              >
                {hit.title} <span class="hint">{entryFacts(hit)}</span>
              </div>
            ))
          : null}
      </div>
      <p class="hint" id={hintId}>
        {props.hint ??
          "Type words of its title, then choose with the arrow keys and Enter; the id is what the API keeps."}
      </p>
      {error ? (
        <p class="error" id={errorId} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
