/** An issue's sections and their items (with people), added, removed and reordered. */

import { EntryPicker } from "./entry-picker";
import type { FieldErrors } from "./field-errors";
import { moveBy, removeAt, replaceAt } from "./form-values";
import { ItemControls } from "./list-controls";
import { Picker } from "./picker";
import { Field } from "./ui";

export interface ItemForm {
  title: string;
  body: string;
  url: string;
  people: string[];
  related: string;
}
export interface SectionForm {
  kind: string;
  title: string;
  items: ItemForm[];
}

export const SECTION_KINDS = [
  ["NEWS", "News"],
  ["EVENTS", "Events"],
  ["PRODUCTS", "Products"],
  ["MEMBERS", "Members in action"],
  ["STATS", "Stats"],
  ["OTHER", "Other"],
] as const;

const NEW_ITEM: ItemForm = { title: "", body: "", url: "", people: [], related: "" };

export function Sections(props: {
  sections: SectionForm[];
  onChange(sections: SectionForm[]): void;
  errors: FieldErrors;
  /** A Markdown field took focus: its path, for the preview (null: the entry's main text). */
  onMarkdown(path: string | null): void;
}) {
  const { sections, errors } = props;
  // Moves and removals shift the paths: the preview goes back to the intro.
  const reshape = (next: SectionForm[]) => {
    props.onMarkdown(null);
    props.onChange(next);
  };
  const onChange = props.onChange;
  const setSection = (i: number, s: SectionForm) => onChange(replaceAt(sections, i, s));
  return (
    <fieldset>
      <legend>Sections</legend>
      {sections.map((s, i) => {
        const at = `sections.${i}`;
        const setItem = (k: number, item: ItemForm) =>
          setSection(i, { ...s, items: replaceAt(s.items, k, item) });
        return (
          <fieldset class="item" key={i}>
            <legend>Section {i + 1}</legend>
            <div class="row">
              <div class={`field${errors[`${at}.kind`] ? " invalid" : ""}`}>
                <label for={`f-sections-${i}-kind`}>Kind</label>
                <select
                  id={`f-sections-${i}-kind`}
                  value={s.kind}
                  onChange={(e) => setSection(i, { ...s, kind: e.currentTarget.value })}
                >
                  {SECTION_KINDS.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
              <Field
                label="Section title"
                name={`${at}.title`}
                value={s.title}
                onInput={(v) => setSection(i, { ...s, title: v })}
                errors={errors}
                required
              />
            </div>
            {s.items.map((item, k) => (
              <fieldset class="item nested" key={k}>
                <legend>
                  Section {i + 1}, item {k + 1}
                </legend>
                <Field
                  label="Item title"
                  name={`${at}.items.${k}.title`}
                  value={item.title}
                  onInput={(v) => setItem(k, { ...item, title: v })}
                  errors={errors}
                />
                <Field
                  label="Item text (Markdown)"
                  name={`${at}.items.${k}.body`}
                  value={item.body}
                  onInput={(v) => setItem(k, { ...item, body: v })}
                  onFocus={() => props.onMarkdown(`${at}.items.${k}.body`)}
                  errors={errors}
                  multiline
                  rows={3}
                />
                <Field
                  label="Item link"
                  name={`${at}.items.${k}.url`}
                  type="url"
                  value={item.url}
                  onInput={(v) => setItem(k, { ...item, url: v })}
                  errors={errors}
                />
                <Picker
                  kind="people"
                  label={`People of section ${i + 1}, item ${k + 1}`}
                  name={`${at}.items.${k}.people`}
                  value={item.people}
                  onChange={(v) => setItem(k, { ...item, people: v })}
                  errors={errors}
                />
                <EntryPicker
                  label={`Section ${i + 1}, item ${k + 1} is about`}
                  name={`${at}.items.${k}.related`}
                  value={item.related}
                  onChange={(v) => setItem(k, { ...item, related: v })}
                  errors={errors}
                />
                <ItemControls
                  what={`item ${k + 1} of section ${i + 1}`}
                  idBase={`section-${i}-item`}
                  index={k}
                  count={s.items.length}
                  move={(by) =>
                    reshape(replaceAt(sections, i, { ...s, items: moveBy(s.items, k, by) }))
                  }
                  remove={() =>
                    reshape(replaceAt(sections, i, { ...s, items: removeAt(s.items, k) }))
                  }
                />
              </fieldset>
            ))}
            <div class="actions">
              <button
                type="button"
                class="small"
                onClick={() => setSection(i, { ...s, items: [...s.items, { ...NEW_ITEM }] })}
              >
                Add an item to section {i + 1}
              </button>
            </div>
            <ItemControls
              what={`section ${i + 1}`}
              idBase="section"
              index={i}
              count={sections.length}
              move={(by) => reshape(moveBy(sections, i, by))}
              remove={() => reshape(removeAt(sections, i))}
            />
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() => onChange([...sections, { kind: "NEWS", title: "", items: [] }])}
      >
        Add a section
      </button>
    </fieldset>
  );
}
