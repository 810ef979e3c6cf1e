/**
 * The write path's rules, held on import too: an archive is data from elsewhere (another
 * installation, a hand-edited file), and what the API would refuse must not arrive by the
 * back door. Per row: no control characters in any text, no line breaks in one-line fields,
 * search text cut as the write path cuts it. After the load: derived counts agree with the
 * rows they count (exactly, with the votes no row stands for: see checkDerivedCounts).
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
 * Every option's count is exactly its votes without rows plus its vote rows; throws naming
 * the first that is not. A version-1 archive did not say which part of a count had no rows:
 * there, an option may count more than its rows (the reference archive's polls say 433 with
 * none), never fewer, and the difference becomes its votes without rows.
 */
export async function checkDerivedCounts(tx: Db, version: number): Promise<void> {
  const id = sql.identifier(pollOptions.id.name);
  const count = sql.identifier(pollOptions.voteCount.name);
  const legacy = sql.identifier(pollOptions.legacyVotes.name);
  const option = sql.identifier(pollVotes.optionId.name);
  const tally = sql`select o.${id} as id, o.${count} as stored, o.${legacy} as legacy,
      count(v.${option})::int as counted
    from ${pollOptions} o left join ${pollVotes} v on v.${option} = o.${id}
    group by o.${id}`;
  if (version < 2) {
    const [fewer] = rowsOf<Tally>(
      await tx.execute(sql`select * from (${tally}) t where stored < counted order by id limit 1`),
    );
    if (fewer) throw countError(fewer, "a count never falls below its vote rows");
    await tx.execute(sql`update ${pollOptions} o set ${legacy} = t.stored - t.counted
      from (${tally}) t where t.id = o.${id}`);
  }
  const [wrong] = rowsOf<Tally>(
    await tx.execute(
      sql`select * from (${tally}) t where stored <> legacy + counted order by id limit 1`,
    ),
  );
  if (wrong)
    throw countError(
      wrong,
      `it must be its ${wrong.legacy} votes without rows (legacy_votes) plus its vote rows`,
    );
}

interface Tally {
  id: number;
  stored: number;
  legacy: number;
  counted: number;
}

const countError = (t: Tally, rule: string) =>
  new ArchiveError(
    `table "poll_options": option ${t.id} says ${t.stored} votes but table "poll_votes" holds ${t.counted} for it (${rule})`,
  );
