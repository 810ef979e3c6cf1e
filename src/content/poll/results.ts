import type { Viewer } from "../../auth/viewer.js";
import type { Reader } from "../../read/reader.js";
import { type PollNode, pollLoaders } from "./loaders.js";
import type { OptionRow, PollStatus } from "./reads.js";

export type HiddenReason = "until_you_vote" | "until_close" | "not_recorded";

/** Status at `now`: UPCOMING before opensAt, CLOSED from closesAt on, OPEN between. */
export function pollStatus(
  poll: { opensAt: Date | null; closesAt: Date | null },
  now: Date,
): PollStatus {
  if (poll.opensAt && poll.opensAt > now) return "upcoming";
  if (poll.closesAt && poll.closesAt <= now) return "closed";
  return "open";
}

/**
 * Whether a reader may see a poll's counts, and if not, why. Counts that were never recorded
 * are unknown to everyone, editors included (the stored zeros are not counts). ALWAYS: always. AFTER_VOTE:
 * once this reader has voted (known by their voter key). AFTER_CLOSE: once it closes. Every
 * mode shows results after the close (they are announced), and editors always see them.
 */
export function resultsHidden(
  poll: {
    opensAt: Date | null;
    closesAt: Date | null;
    resultsVisibility: "always" | "after_vote" | "after_close";
    countsUnknownReason: "not_recorded" | null;
  },
  context: { now: Date; viewer: Viewer; votedOptionId: number | null },
): HiddenReason | null {
  if (poll.countsUnknownReason) return poll.countsUnknownReason;
  if (context.viewer.kind === "editor") return null;
  if (poll.resultsVisibility === "always" || pollStatus(poll, context.now) === "closed")
    return null;
  if (poll.resultsVisibility === "after_vote")
    return context.votedOptionId != null ? null : "until_you_vote";
  return "until_close";
}

/** Percent of all votes, two decimals; 0 when nobody voted. */
export const share = (votes: number, total: number) =>
  total === 0 ? 0 : Math.round((votes / total) * 10_000) / 100;

/** Why this reader may not see the poll's counts (null: they may). */
export async function hiddenFor(r: Reader, poll: PollNode): Promise<HiddenReason | null> {
  const votedOptionId =
    poll.resultsVisibility === "after_vote" ? await r.use(pollLoaders).myVote.load(poll.id) : null;
  return resultsHidden(poll, { now: r.now, viewer: r.viewer, votedOptionId });
}

/** An option as a reader may see it: counts only when the poll's results are visible to them. */
export type OptionShape = OptionRow & {
  total: number;
  hidden: HiddenReason | null;
  __typename: "PollOption";
};

/** A poll's options as this reader may see them, with the poll's total attached for shares. */
export async function visibleOptions(r: Reader, poll: PollNode): Promise<OptionShape[]> {
  const [rows, hidden] = await Promise.all([
    r.use(pollLoaders).options.load(poll.id),
    hiddenFor(r, poll),
  ]);
  const total = rows.reduce((sum, o) => sum + o.voteCount, 0);
  return rows.map((o) => ({ ...o, total, hidden, __typename: "PollOption" as const }));
}
