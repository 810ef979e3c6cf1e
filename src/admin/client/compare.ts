/**
 * Two versions of a form side by side, field by field: values flattened to paths, the paths
 * named for people ("Sections 1 › Items 2 › Title"), only the ones that differ.
 */

/** A form value flattened to readable paths; lists of plain values stay one field. */
function flatten(value: unknown, path: (string | number)[], out: Map<string, string>): void {
  const key = JSON.stringify(path);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== "object" || v === null)) {
      out.set(key, value.join(", "));
      return;
    }
    for (const [i, v] of value.entries()) flatten(v, [...path, i], out);
    if (value.length === 0) out.set(key, "");
    return;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flatten(v, [...path, k], out);
    return;
  }
  out.set(key, value == null ? "" : String(value));
}

const words = (key: string) => {
  const w = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/\bUrl\b/gi, "URL");
  return (
    w.charAt(0).toUpperCase() +
    w
      .slice(1)
      .toLowerCase()
      .replace(/\burl\b/g, "URL")
  );
};

/** ["sections", 0, "items", 1, "title"] → "Sections 1 › Items 2 › Title" (labels for the top). */
export function pathLabel(path: (string | number)[], labels: Record<string, string>): string {
  const parts: string[] = [];
  for (const [i, p] of path.entries()) {
    if (typeof p === "number") parts[parts.length - 1] += ` ${p + 1}`;
    else parts.push(i === 0 ? (labels[p] ?? words(p)) : words(p));
  }
  return parts.join(" › ");
}

/** The fields whose values differ, in the order of your form. */
export function differences(
  mine: object,
  theirs: object,
  labels: Record<string, string>,
): { label: string; mine: string; theirs: string }[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(mine, [], a);
  flatten(theirs, [], b);
  const keys = [...a.keys(), ...[...b.keys()].filter((k) => !a.has(k))];
  return keys
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => ({
      label: pathLabel(JSON.parse(k) as (string | number)[], labels),
      mine: a.get(k) || "—",
      theirs: b.get(k) || "—",
    }));
}
