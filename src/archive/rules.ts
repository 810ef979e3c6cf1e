/**
 * The write path's rules, held on import too: an archive is data from elsewhere (another
 * installation, a hand-edited file), and what the API would refuse must not arrive by the
 * back door. Per row: no control characters in any text, no line breaks in one-line fields,
 * search text cut as the write path cuts it. After the load: derived counts agree with the
 * rows they count (at least: see checkDerivedCounts).
 */
import { sql } from "drizzle-orm";
import { pollOptions, pollVotes } from "../content/poll/table.js";
import { type Db, rowsOf } from "../db/client.js";
import { ArchiveError } from "../errors.js";
import { CONTROL_CHARACTERS, LINE_BREAK } from "../text/control.js";
import { searchable } from "../text/search-text.js";
import type { TableSpec } from "./format.js";

/** Fields the API takes as one line of text (validation.ts `line()`). */
const ONE_LINE: Readonly<Record<string, readonly string[]>> = {
  content: ["title", "slug"],
  people: ["name", "slug"],
  tags: ["name", "slug"],
  poll_options: ["label"],
};

/** A checked row as the write path would store it; throws naming the row and column. */
export function applyWriteRules(
  table: TableSpec,
  row: Record<string, unknown>,
  index: number,
): Record<string, unknown> {
  const where = `table "${table.name}", row ${index + 1}`;
  for (const [name, value] of Object.entries(row)) {
    if (typeof value !== "string") continue;
    if (CONTROL_CHARACTERS.test(value))
      throw new ArchiveError(
        `${where}: column "${name}" holds control characters, which the API refuses`,
      );
    if (ONE_LINE[table.name]?.includes(name) && LINE_BREAK.test(value))
      throw new ArchiveError(`${where}: column "${name}" must be one line, like the API's`);
  }
  if (table.name === "content" && typeof row.search_text === "string")
    return { ...row, search_text: searchable(row.search_text) };
  return row;
}

/**
 * Every option counts at least its vote rows; throws naming the first that does not. Only at
 * least: an archived poll's counts may include votes cast before the archive's vote rows
 * (the reference archive's polls say 433 with no rows), which no row can confirm.
 */
export async function checkDerivedCounts(tx: Db): Promise<void> {
  const [wrong] = rowsOf<{ id: number; stored: number; counted: number }>(
    await tx.execute(sql`
      select o.${sql.identifier(pollOptions.id.name)} as id,
             o.${sql.identifier(pollOptions.voteCount.name)} as stored,
             count(v.${sql.identifier(pollVotes.optionId.name)})::int as counted
      from ${pollOptions} o
      left join ${pollVotes} v on v.${sql.identifier(pollVotes.optionId.name)} = o.${sql.identifier(pollOptions.id.name)}
      group by o.${sql.identifier(pollOptions.id.name)}
      having o.${sql.identifier(pollOptions.voteCount.name)} < count(v.${sql.identifier(pollVotes.optionId.name)})
      order by 1
      limit 1`),
  );
  if (wrong)
    throw new ArchiveError(
      `table "poll_options": option ${wrong.id} says ${wrong.stored} votes but table "poll_votes" holds ${wrong.counted} for it (a count never falls below its vote rows)`,
    );
}
