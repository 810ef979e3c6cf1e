/** The webhook bodies docs/webhooks.md shows, and how a real one may differ from them. */
import { readFileSync } from "node:fs";

/** The ```json blocks of docs/webhooks.md, parsed. */
export function documentedBodies(): Record<string, unknown>[] {
  const text = readFileSync(new URL("../../docs/webhooks.md", import.meta.url), "utf8");
  return [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] as string));
}

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Where a real body's shape departs from a documented one: the same keys in the same order,
 * the same JSON types, every element of a real array shaped like the documented first one.
 * null on either side is a nullable field (the example has a value this entry lacks, or the
 * other way round).
 */
export function shapeDrift(documented: unknown, real: unknown, path = "$"): string[] {
  if (documented === null || real === null) return [];
  if (kind(documented) !== kind(real))
    return [`${path}: documented ${kind(documented)}, sent ${kind(real)}`];
  if (Array.isArray(documented) && Array.isArray(real)) {
    if (real.length > 0 && documented.length === 0) return [`${path}: documented empty`];
    return real.flatMap((item, i) => shapeDrift(documented[0], item, `${path}[${i}]`));
  }
  if (kind(real) !== "object") return [];
  const doc = documented as Record<string, unknown>;
  const sent = real as Record<string, unknown>;
  const docKeys = Object.keys(doc).join(", ");
  const sentKeys = Object.keys(sent).join(", ");
  if (docKeys !== sentKeys) return [`${path}: documented keys ${docKeys}; sent ${sentKeys}`];
  return Object.keys(sent).flatMap((k) => shapeDrift(doc[k], sent[k], `${path}.${k}`));
}
