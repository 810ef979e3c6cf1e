/**
 * The site's preview route (PREVIEW_URL): a URL template the server fills in for an editor.
 * On the ground floor: configuration checks a template at start-up, previews fill it in.
 */

/** What a preview URL template may name; `{token}` it must. */
export const PREVIEW_PLACEHOLDERS = ["token", "path", "type", "slug", "id"] as const;
export type PreviewValues = Record<(typeof PREVIEW_PLACEHOLDERS)[number], string>;

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The template with each placeholder replaced by its value, URL-encoded (a path's "/" too). */
export function previewUrl(template: string, values: PreviewValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name in values ? encodeURIComponent(values[name as keyof PreviewValues]) : whole,
  );
}

/**
 * Why a preview URL template cannot work, or null: it must hold `{token}` (the site cannot
 * preview without it), name no other placeholders (a typo would reach the site verbatim), and
 * be an absolute http(s) URL once filled in.
 */
export function previewTemplateProblem(template: string): string | null {
  const known: readonly string[] = PREVIEW_PLACEHOLDERS;
  const sample = Object.fromEntries(known.map((k) => [k, "x"])) as PreviewValues;
  const absolute = "must be an absolute http(s) URL";
  if (!/^https?:\/\//i.test(template)) return absolute;
  try {
    new URL(previewUrl(template, sample));
  } catch {
    return absolute;
  }
  if (!template.includes("{token}")) return "must contain {token}";
  const unknown = [...template.matchAll(PLACEHOLDER)].find((m) => !known.includes(m[1] ?? ""));
  if (unknown) return `unknown placeholder ${unknown[0]} (known: {${known.join("}, {")}})`;
  return null;
}
