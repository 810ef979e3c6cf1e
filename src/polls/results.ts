import type { PollStatusFilter } from "../db/repos/listing.js";
import type { Viewer } from "../viewer.js";

export type HiddenReason = "until_you_vote" | "until_close";

/** Status at `now`: UPCOMING before opensAt, CLOSED from closesAt on, OPEN between. */
export function pollStatus(
  poll: { opensAt: Date | null; closesAt: Date | null },
  now: Date,
): PollStatusFilter {
  if (poll.opensAt && poll.opensAt > now) return "upcoming";
  if (poll.closesAt && poll.closesAt <= now) return "closed";
  return "open";
}

/**
 * Whether a reader may see a poll's counts, and if not, why. ALWAYS: always. AFTER_VOTE:
 * once this reader has voted (known by their voter key). AFTER_CLOSE: once it closes. Every
 * mode shows results after the close (they are announced), and editors always see them.
 */
export function resultsHidden(
  poll: {
    opensAt: Date | null;
    closesAt: Date | null;
    resultsVisibility: "always" | "after_vote" | "after_close";
  },
  context: { now: Date; viewer: Viewer; votedOptionId: number | null },
): HiddenReason | null {
  if (context.viewer.kind === "editor") return null;
  if (poll.resultsVisibility === "always" || pollStatus(poll, context.now) === "closed")
    return null;
  if (poll.resultsVisibility === "after_vote")
    return context.votedOptionId != null ? null : "until_you_vote";
  return "until_close";
}
