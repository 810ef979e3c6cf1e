/** An event's agenda: sessions with their times (the editor's zone), room, abstract and speakers. */

import type { FieldErrors } from "./field-errors";
import { editorZone, instantOf, moveBy, removeAt, replaceAt } from "./form-values";
import { ItemControls } from "./list-controls";
import { Picker } from "./picker";
import { Field } from "./ui";

export interface SessionForm {
  title: string;
  startsAt: string;
  endsAt: string;
  room: string;
  abstract: string;
  speakers: string[];
}

const NEW_SESSION: SessionForm = {
  title: "",
  startsAt: "",
  endsAt: "",
  room: "",
  abstract: "",
  speakers: [],
};

const utc = (local: string) => (local ? `= ${instantOf(local)} UTC` : undefined);

export function Sessions(props: {
  sessions: SessionForm[];
  onChange(sessions: SessionForm[]): void;
  errors: FieldErrors;
  /** A Markdown field took focus: its path, for the preview (null: the entry's main text). */
  onMarkdown(path: string | null): void;
}) {
  const { sessions, onChange, errors } = props;
  // Moves and removals shift the paths: the preview goes back to the description.
  const reshape = (next: SessionForm[]) => {
    props.onMarkdown(null);
    onChange(next);
  };
  const zone = editorZone();
  const setSession = (i: number, s: SessionForm) => onChange(replaceAt(sessions, i, s));
  return (
    <fieldset>
      <legend>Sessions</legend>
      {sessions.map((s, i) => {
        const at = `sessions.${i}`;
        return (
          <fieldset class="item" key={i}>
            <legend>Session {i + 1}</legend>
            <Field
              label="Session title"
              name={`${at}.title`}
              value={s.title}
              onInput={(v) => setSession(i, { ...s, title: v })}
              errors={errors}
              required
            />
            <div class="row">
              <Field
                label={`Session ${i + 1} starts (your time, ${zone})`}
                name={`${at}.startsAt`}
                type="datetime-local"
                value={s.startsAt}
                onInput={(v) => setSession(i, { ...s, startsAt: v })}
                errors={errors}
                hint={utc(s.startsAt)}
              />
              <Field
                label={`Session ${i + 1} ends (your time, ${zone})`}
                name={`${at}.endsAt`}
                type="datetime-local"
                value={s.endsAt}
                onInput={(v) => setSession(i, { ...s, endsAt: v })}
                errors={errors}
                hint={utc(s.endsAt)}
              />
            </div>
            <Field
              label="Room"
              name={`${at}.room`}
              value={s.room}
              onInput={(v) => setSession(i, { ...s, room: v })}
              errors={errors}
            />
            <Field
              label="Abstract (Markdown)"
              name={`${at}.abstract`}
              value={s.abstract}
              onInput={(v) => setSession(i, { ...s, abstract: v })}
              onFocus={() => props.onMarkdown(`${at}.abstract`)}
              errors={errors}
              multiline
              rows={3}
            />
            <Picker
              kind="people"
              label={`Speakers of session ${i + 1}`}
              name={`${at}.speakers`}
              value={s.speakers}
              onChange={(v) => setSession(i, { ...s, speakers: v })}
              errors={errors}
            />
            <ItemControls
              what={`session ${i + 1}`}
              idBase="session"
              index={i}
              count={sessions.length}
              move={(by) => reshape(moveBy(sessions, i, by))}
              remove={() => reshape(removeAt(sessions, i))}
            />
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...sessions, { ...NEW_SESSION }])}>
        Add a session
      </button>
    </fieldset>
  );
}
