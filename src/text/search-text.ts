/**
 * PostgreSQL's text-search parser is quadratic in the length of a run without blanks that
 * holds `_` (20 KB of `_a`: 10 s in to_tsvector, and again in ts_headline on every search
 * that matches it). Nobody searches for a 64-character word: longer runs are cut into
 * 64-character pieces before the text reaches the search column, which keeps URLs and
 * identifiers findable by their parts and the parser's cost linear (100 KB: ~60 ms).
 */
export const MAX_SEARCH_TOKEN = 64;

const LONG_RUN = new RegExp(`\\S{${MAX_SEARCH_TOKEN + 1},}`, "g");
const PIECE = new RegExp(`\\S{1,${MAX_SEARCH_TOKEN}}`, "g");

/** Text as the search column stores it: runs without blanks at most MAX_SEARCH_TOKEN long. */
export function searchable(text: string): string {
  return text.replace(LONG_RUN, (run) => (run.match(PIECE) ?? []).join(" "));
}
