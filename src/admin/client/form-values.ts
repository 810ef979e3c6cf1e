/** Between form strings and API values: empty means null, local times, numbers. */

/** An empty (or blank) field is null for the API. */
export const orNull = (s: string): string | null => (s.trim() === "" ? null : s);

/** A whole number typed in a field; null when empty (the API says what else is wrong). */
export function intOrNull(s: string): number | null {
  if (s.trim() === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** A number for a field ("" for null). */
export const numberText = (n: number | null | undefined): string => (n == null ? "" : String(n));

/** A datetime-local value ("2026-12-03T10:15") for an instant, in the editor's zone. */
export function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** An API instant as a datetime-local value ("" for null). */
export const localOf = (iso: string | null | undefined): string =>
  iso ? localInput(new Date(iso)) : "";

/** A datetime-local value (the editor's zone) as an API instant; null when empty. */
export const instantOf = (value: string): string | null =>
  value ? new Date(value).toISOString() : null;

/** The editor's own time zone, as the browser names it. */
export const editorZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Lists in forms: one item replaced, removed, or moved by `by` places (clamped). */
export const replaceAt = <T>(list: T[], i: number, item: T): T[] =>
  list.map((x, j) => (j === i ? item : x));
export const removeAt = <T>(list: T[], i: number): T[] => list.filter((_, j) => j !== i);
export function moveBy<T>(list: T[], i: number, by: number): T[] {
  const to = Math.max(0, Math.min(list.length - 1, i + by));
  if (to === i) return list;
  const out = [...list];
  const [item] = out.splice(i, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/** The string at a form path ("sections.0.items.1.body"); "" when there is none. */
export function textAt(form: object, path: string): string {
  let v: unknown = form;
  for (const key of path.split(".")) {
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  }
  return typeof v === "string" ? v : "";
}

/** A whole number the API requires: 0 when the field is empty or not a whole number, so the
 * API's own field error ("must be at least 1") is shown beside it. */
export const requiredInt = (s: string): number => {
  const n = intOrNull(s);
  return n != null && Number.isInteger(n) ? n : 0;
};

/** A number the API takes (Int or Float) or null; a malformed one becomes null too. */
export const numberOrNull = (s: string): number | null => {
  const n = intOrNull(s);
  return n == null || Number.isNaN(n) ? null : n;
};
