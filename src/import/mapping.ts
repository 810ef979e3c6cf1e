/**
 * Which content type an imported post becomes: by its categories (or tags), its WordPress post
 * type, else the default (announcement). Read from a small JSON file (`--map`) or flags; see
 * docs/import.md. Polls cannot be made from a post (they need options), so they are refused.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import type { ContentType } from "../registry.js";

const entryType = z.enum(["announcement", "issue", "event"], {
  error: () => 'must be "announcement", "issue" or "event" (a poll cannot be made from a post)',
});
export type ImportType = z.infer<typeof entryType>;

export const mappingSchema = z
  .object({
    /** The type when nothing else decides. */
    default: entryType.default("announcement"),
    /** Category or tag slug → type; the first of a post's categories that is listed wins. */
    categories: z.record(z.string(), entryType).default({}),
    /** WordPress post type ("post", "page") → type. */
    postTypes: z.record(z.string(), entryType).default({}),
    /** The kind of every imported announcement. */
    announcementKind: z.enum(["news", "press_release", "feature_list"]).default("news"),
    /**
     * Issues need a volume and a number: read from the title with this regular expression
     * (two groups: volume, number; case-insensitive). A post whose title does not match is
     * skipped, with the reason.
     */
    issueNumber: z
      .string()
      .default("vol(?:ume)?\\.?\\s*(\\d+)\\D{1,12}?(?:no|number|#|issue)\\.?\\s*(\\d+)"),
    /**
     * Events need a start and an end: "publication" puts both at the post's publication time
     * (a placeholder, said in a warning); "skip" leaves such posts out, with the reason.
     */
    eventDates: z.enum(["publication", "skip"]).default("publication"),
  })
  .strict();
export type Mapping = z.output<typeof mappingSchema>;

/** The mapping from a JSON file (or {} for the defaults), validated; throws a readable error. */
export function loadMapping(path: string | undefined, flags: string[] = []): Mapping {
  let raw: unknown = {};
  if (path) {
    try {
      raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new Error(`mapping ${path}: ${(error as Error).message}`);
    }
  }
  const parsed = mappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`);
    throw new Error(`mapping ${path ?? ""}: ${issues.join("; ")}`);
  }
  const mapping = parsed.data;
  // `--type category=issue` flags add to (and win over) the file.
  for (const flag of flags) {
    const [key, value] = flag.split("=");
    const type = entryType.safeParse(value);
    if (!key || !type.success)
      throw new Error(
        `--type ${flag}: expected category=type (${type.error?.issues[0]?.message ?? "missing category"})`,
      );
    mapping.categories[key] = type.data;
  }
  try {
    new RegExp(mapping.issueNumber, "i");
  } catch (error) {
    throw new Error(`mapping issueNumber: ${(error as Error).message}`);
  }
  return mapping;
}

/** The type for one item: the first listed category, then its post type, then the default. */
export function typeFor(
  mapping: Mapping,
  item: { categories: readonly string[]; postType: string },
): ContentType {
  for (const slug of item.categories) {
    const type = mapping.categories[slug];
    if (type) return type;
  }
  return mapping.postTypes[item.postType] ?? mapping.default;
}
