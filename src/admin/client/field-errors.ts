/** The API's field errors (ValidationError.fieldErrors), keyed as the form's fields are. */

/** Field errors by path, the argument name dropped: `highlights.0.links.1.url`. */
export type FieldErrors = Record<string, string>;

export function errorsByPath(list: { path: string[]; message: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of list) {
    const key = e.path.slice(1).join(".") || e.path.join(".");
    out[key] = out[key] ? `${out[key]}; ${e.message}` : e.message;
  }
  return out;
}
