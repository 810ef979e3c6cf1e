/**
 * "Changed since you opened it": someone saved the entry after this editor loaded it, so the
 * save wrote nothing. Reload (take theirs) or compare: your form beside the saved one, field by
 * field (nested fields by their path: "Sections 1 › Items 2 › Title").
 */
import { differences } from "./compare";

/** A conflict being shown: the saved version once fetched (null until Compare is chosen). */
export interface ConflictState<F> {
  theirs: F | null;
  reload(): void;
  compare(): void;
}

export function ConflictNotice<F extends object>(props: {
  /** "announcement", "issue"…: in the message. */
  noun: string;
  mine: F;
  conflict: ConflictState<F>;
  /** Names of the form's top-level fields. */
  labels: Record<string, string>;
}) {
  const { conflict } = props;
  return (
    <div class="notice notice-warn" role="alert">
      <p>
        <strong>Changed since you opened it</strong>: someone saved this {props.noun} after you
        opened it. Nothing of yours was saved. Reload it (your changes are lost) or compare.
      </p>
      <div class="actions">
        <button type="button" onClick={conflict.reload}>
          Reload
        </button>
        <button type="button" onClick={conflict.compare}>
          Compare
        </button>
      </div>
      {conflict.theirs ? (
        <Compare rows={differences(props.mine, conflict.theirs, props.labels)} />
      ) : null}
    </div>
  );
}

function Compare({ rows }: { rows: { label: string; mine: string; theirs: string }[] }) {
  return (
    <table class="compare">
      <caption>What differs between your version and the saved one</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Yours (not saved)</th>
          <th scope="col">Saved now</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={3}>No difference in the fields you edit.</td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>
                <pre>{r.mine}</pre>
              </td>
              <td>
                <pre>{r.theirs}</pre>
              </td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
