/**
 * Input validation: zod schemas turned into typed field errors (InputError, one FieldIssue per
 * problem with a stable code), and the field rules every content type's input is built from.
 */
import { z } from "zod";
import { InputError } from "./errors.js";
import { CONTROL_CHARACTERS, LINE_BREAK } from "./text/control.js";
import { markupProblem } from "./text/rich-text.js";

/** Limits on what editors may store. */
export const LIMITS = {
  title: 300,
  shortText: 2_000,
  markdown: 100_000,
  url: 2_000,
  listItems: 500,
  tags: 50,
  authors: 20,
} as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A custom issue with a stable code (read back by validation.ts). */
export function issue(
  ctx: z.RefinementCtx,
  path: (string | number)[],
  message: string,
  code: string,
) {
  ctx.addIssue({ code: "custom", path, message, params: { code } });
}

/** One line of plain text: trimmed, not empty, no control characters, no line breaks. */
export const line = (max: number = LIMITS.title) =>
  z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARACTERS.test(s), {
      message: "must not contain control characters",
      params: { code: "INVALID_CHARACTERS" },
    })
    .refine((s) => !LINE_BREAK.test(s), {
      message: "must be one line (no line breaks)",
      params: { code: "INVALID_CHARACTERS" },
    });

/** Markdown: any text up to the size limit (rendered and sanitized on the way out). */
export const markdown = z
  .string()
  .max(LIMITS.markdown, `must be at most ${LIMITS.markdown} characters`)
  .refine((s) => !CONTROL_CHARACTERS.test(s), {
    message: "must not contain control characters",
    params: { code: "INVALID_CHARACTERS" },
  })
  .superRefine((s, ctx) => {
    const problem = markupProblem(s);
    if (problem) issue(ctx, [], problem.message, problem.code);
  });

/** An absolute http(s) URL without credentials, normalised. */
export const httpUrl = z
  .string()
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
      } catch {
        return false;
      }
    },
    {
      message: "must be an absolute http(s) URL without credentials",
      params: { code: "INVALID_URL" },
    },
  )
  // Stored as the URL parser writes it back (quotes, angle brackets and spaces
  // percent-encoded, host lowercased), as webhook URLs are: what reaches readers is a URL.
  .transform((s) => new URL(s).href);

export const slug = z
  .string()
  .max(200, "must be at most 200 characters")
  .regex(SLUG, "must be lowercase letters and digits separated by single hyphens");

export const slugList = (max: number = LIMITS.tags) =>
  z
    .array(slug)
    .max(max, `must have at most ${max} entries`)
    .refine((list) => new Set(list).size === list.length, {
      message: "must not repeat an entry",
      params: { code: "DUPLICATE" },
    });

export const count = z.number().int("must be a whole number").min(0, "must not be negative");

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));
const ZONES = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

/** A decimal string amount (up to 2 places) and an ISO 4217 code. */
export const money = z
  .object({ amount: z.string().trim(), currency: z.string().trim() })
  .superRefine((m, ctx) => {
    if (/^-/.test(m.amount)) issue(ctx, ["amount"], "must not be negative", "NEGATIVE");
    else if (!/^\d{1,10}(\.\d{1,2})?$/.test(m.amount)) {
      issue(
        ctx,
        ["amount"],
        'must be a decimal number with up to two decimals, e.g. "235.00"',
        "INVALID_FORMAT",
      );
    }
    if (!CURRENCIES.has(m.currency))
      issue(
        ctx,
        ["currency"],
        `"${m.currency}" is not an ISO 4217 currency code`,
        "UNKNOWN_CURRENCY",
      );
  })
  .transform((m) => ({ amount: Number(m.amount).toFixed(2), currency: m.currency }));

export const timeZone = z.string().refine((z) => ZONES.has(z), {
  message: "must be an IANA time zone such as Europe/Berlin",
  params: { code: "UNKNOWN_TIME_ZONE" },
});

/** Shared fields of every content type. */
export const contentFields = {
  slug: slug.nullish(),
  title: line(),
  tags: slugList().nullish(),
  authors: slugList(LIMITS.authors).nullish(),
};

/** Later must not come before earlier (both optional). */
export function ordered(
  ctx: z.RefinementCtx,
  earlier: Date | null | undefined,
  later: Date | null | undefined,
  path: (string | number)[],
  what: string,
) {
  if (earlier && later && later < earlier)
    issue(ctx, path, `must not be before ${what}`, "END_BEFORE_START");
}

/** zod's issue codes, upper-cased, plus our own refinements' codes passed as `params.code`. */
function codeOf(issue: z.core.$ZodIssue): string {
  const custom = (issue as { params?: { code?: string } }).params?.code;
  if (custom) return custom;
  switch (issue.code) {
    case "too_small":
      return "TOO_SMALL";
    case "too_big":
      return "TOO_BIG";
    case "invalid_format":
      return "INVALID_FORMAT";
    case "invalid_type":
      return "INVALID_TYPE";
    case "invalid_value":
      return "INVALID_VALUE";
    default:
      return issue.code.toUpperCase();
  }
}

/** Validate with a zod schema; every issue becomes a FieldIssue (path, message, code). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  basePath: string[] = [],
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((issue) => ({
      path: [...basePath, ...issue.path.map(String)],
      message: issue.message,
      code: codeOf(issue),
    })),
  );
}

/** A list of at most `max` entries. */
export const list = <T extends z.ZodType>(item: T, max: number = LIMITS.listItems) =>
  z.array(item).max(max, `must have at most ${max} entries`);

/** A calendar date as text, YYYY-MM-DD. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");
