/**
 * Key order for JSON bodies. jsonb keeps keys in its own order, and a delivery's body is
 * rebuilt from its stored payload on every attempt (and for the log), so the order partners
 * read is imposed here, from one description, rather than left to the database.
 */

/** Keys in order; a pair gives the order inside that key's object (or its array's objects). */
export type KeyOrder = readonly (string | readonly [string, KeyOrder])[];

/**
 * `value` with its objects' keys in `order`. Keys the order does not name follow, as they
 * come, so nothing stored is ever dropped from a body.
 */
export function inKeyOrder(value: unknown, order: KeyOrder): unknown {
  if (Array.isArray(value)) return value.map((item) => inKeyOrder(item, order));
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const item of order) {
    const [key, inner] = typeof item === "string" ? [item, null] : item;
    if (Object.hasOwn(source, key))
      result[key] = inner ? inKeyOrder(source[key], inner) : source[key];
  }
  for (const [key, v] of Object.entries(source)) if (!Object.hasOwn(result, key)) result[key] = v;
  return result;
}
