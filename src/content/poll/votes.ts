import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf } from "../../db/client.js";
import { liveSqlOf } from "../../read/visibility.js";
import { pollVotes } from "./table.js";

export type VoteOutcome =
  | { kind: "accepted"; optionId: number }
  | { kind: "already-voted"; optionId: number }
  | { kind: "not-open"; opensAt: Date | null; closesAt: Date | null }
  | { kind: "option-not-in-poll" }
  | { kind: "not-found" };

interface Row {
  live: boolean;
  open: boolean;
  option_ok: boolean;
  opens_at: Date | string | null;
  closes_at: Date | string | null;
  inserted: number | null;
  existing: number | null;
}

const date = (v: Date | string | null) => (v == null ? null : new Date(v));

/**
 * Cast one vote in one statement: checks that the poll is published and open at `now`
 * (the database clock unless a test passes one), that the option belongs to the poll, then
 * inserts the vote (one per voter hash and poll, by unique key) and counts it, atomically.
 */
export async function castVote(
  db: Db,
  vote: { pollId: number; optionId: number; voterHash: string },
  now?: Date,
): Promise<VoteOutcome> {
  const at: SQL = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
  const result = await db.execute(sql`
    with target as (
      select p.opens_at, p.closes_at,
        ${liveSqlOf("c", at)} as live,
        ((p.opens_at is null or p.opens_at <= ${at}) and (p.closes_at is null or p.closes_at > ${at})) as open,
        exists (select 1 from poll_options o where o.id = ${vote.optionId} and o.poll_id = p.content_id) as option_ok
      from polls p join content c on c.id = p.content_id
      where p.content_id = ${vote.pollId} and c.revision_of is null
    ),
    ins as (
      insert into poll_votes (poll_id, option_id, voter_hash)
      select ${vote.pollId}, ${vote.optionId}, ${vote.voterHash} from target where live and open and option_ok
      on conflict (poll_id, voter_hash) do nothing
      returning option_id
    ),
    counted as (
      update poll_options set vote_count = vote_count + 1 where id in (select option_id from ins) returning id
    )
    select target.*,
      (select option_id from ins) as inserted,
      (select option_id from poll_votes v where v.poll_id = ${vote.pollId} and v.voter_hash = ${vote.voterHash}) as existing
    from target`);
  const row = rowsOf<Row>(result)[0];
  if (!row?.live) return { kind: "not-found" };
  if (row.inserted != null) return { kind: "accepted", optionId: row.inserted };
  if (row.existing != null) return { kind: "already-voted", optionId: row.existing };
  if (!row.option_ok) return { kind: "option-not-in-poll" };
  if (!row.open)
    return { kind: "not-open", opensAt: date(row.opens_at), closesAt: date(row.closes_at) };
  // A concurrent identical vote committed between our snapshot and our insert: read it back.
  const [existing] = await db
    .select({ optionId: pollVotes.optionId })
    .from(pollVotes)
    .where(and(eq(pollVotes.pollId, vote.pollId), eq(pollVotes.voterHash, vote.voterHash)));
  if (existing) return { kind: "already-voted", optionId: existing.optionId };
  throw new Error("vote neither stored nor found");
}

/** Which of these polls this voter (hash per poll) has voted in, and for which option. */
export async function votesOf(db: Db, hashes: readonly { pollId: number; voterHash: string }[]) {
  if (hashes.length === 0) return [];
  return db
    .select({ pollId: pollVotes.pollId, optionId: pollVotes.optionId })
    .from(pollVotes)
    .where(
      and(
        inArray(
          pollVotes.pollId,
          hashes.map((h) => h.pollId),
        ),
        inArray(
          pollVotes.voterHash,
          hashes.map((h) => h.voterHash),
        ),
      ),
    );
}
