/** An issue's weekly stats: the week, visitors and page views, browser shares, mailing lists, superstars. */

import type { FieldErrors } from "./field-errors";
import { removeAt, replaceAt } from "./form-values";
import { Picker } from "./picker";
import { Check, Field } from "./ui";

export interface StatsForm {
  weekStart: string;
  weekEnd: string;
  visitors: string;
  pageViews: string;
  browserShares: { browser: string; share: string }[];
  mailingLists: { list: string; posts: string; url: string }[];
  superstars: string[];
}

export const NO_STATS: StatsForm = {
  weekStart: "",
  weekEnd: "",
  visitors: "",
  pageViews: "",
  browserShares: [],
  mailingLists: [],
  superstars: [],
};

export function Stats(props: {
  on: boolean;
  setOn(on: boolean): void;
  stats: StatsForm;
  onChange(stats: StatsForm): void;
  errors: FieldErrors;
}) {
  const { stats: s, errors } = props;
  const set = <K extends keyof StatsForm>(k: K, v: StatsForm[K]) =>
    props.onChange({ ...s, [k]: v });
  return (
    <fieldset>
      <legend>Weekly stats</legend>
      <Check
        label="This issue reports the week's stats"
        name="stats-on"
        checked={props.on}
        onChange={props.setOn}
        hint="Unchecked: the issue has none (saving removes them)."
      />
      {props.on ? (
        <>
          <div class="row">
            <Field
              label="Week start"
              name="stats.weekStart"
              type="date"
              value={s.weekStart}
              onInput={(v) => set("weekStart", v)}
              errors={errors}
              required
            />
            <Field
              label="Week end"
              name="stats.weekEnd"
              type="date"
              value={s.weekEnd}
              onInput={(v) => set("weekEnd", v)}
              errors={errors}
              required
            />
          </div>
          <div class="row">
            <Field
              label="Visitors"
              name="stats.visitors"
              type="number"
              value={s.visitors}
              onInput={(v) => set("visitors", v)}
              errors={errors}
            />
            <Field
              label="Page views"
              name="stats.pageViews"
              type="number"
              value={s.pageViews}
              onInput={(v) => set("pageViews", v)}
              errors={errors}
            />
          </div>
          {s.browserShares.map((b, i) => (
            <div class="row" key={i}>
              <Field
                label={`Browser ${i + 1}`}
                name={`stats.browserShares.${i}.browser`}
                value={b.browser}
                onInput={(v) =>
                  set("browserShares", replaceAt(s.browserShares, i, { ...b, browser: v }))
                }
                errors={errors}
                required
              />
              <Field
                label={`Browser ${i + 1} share (%)`}
                name={`stats.browserShares.${i}.share`}
                type="number"
                step="0.01"
                value={b.share}
                onInput={(v) =>
                  set("browserShares", replaceAt(s.browserShares, i, { ...b, share: v }))
                }
                errors={errors}
                required
              />
              <button
                type="button"
                class="small"
                onClick={() => set("browserShares", removeAt(s.browserShares, i))}
              >
                Remove browser {i + 1}
              </button>
            </div>
          ))}
          <button
            type="button"
            class="small"
            onClick={() => set("browserShares", [...s.browserShares, { browser: "", share: "" }])}
          >
            Add a browser share
          </button>
          {s.mailingLists.map((m, i) => (
            <div class="row" key={i}>
              <Field
                label={`Mailing list ${i + 1}`}
                name={`stats.mailingLists.${i}.list`}
                value={m.list}
                onInput={(v) =>
                  set("mailingLists", replaceAt(s.mailingLists, i, { ...m, list: v }))
                }
                errors={errors}
                required
              />
              <Field
                label={`Mailing list ${i + 1} posts`}
                name={`stats.mailingLists.${i}.posts`}
                type="number"
                value={m.posts}
                onInput={(v) =>
                  set("mailingLists", replaceAt(s.mailingLists, i, { ...m, posts: v }))
                }
                errors={errors}
              />
              <Field
                label={`Mailing list ${i + 1} link`}
                name={`stats.mailingLists.${i}.url`}
                type="url"
                value={m.url}
                onInput={(v) => set("mailingLists", replaceAt(s.mailingLists, i, { ...m, url: v }))}
                errors={errors}
              />
              <button
                type="button"
                class="small"
                onClick={() => set("mailingLists", removeAt(s.mailingLists, i))}
              >
                Remove mailing list {i + 1}
              </button>
            </div>
          ))}
          <div class="actions">
            <button
              type="button"
              class="small"
              onClick={() =>
                set("mailingLists", [...s.mailingLists, { list: "", posts: "", url: "" }])
              }
            >
              Add a mailing list
            </button>
          </div>
          <Picker
            kind="people"
            label="Superstars"
            name="stats.superstars"
            value={s.superstars}
            onChange={(v) => set("superstars", v)}
            errors={errors}
          />
        </>
      ) : null}
    </fieldset>
  );
}
