import type { Db } from "../../db/client.js";
import { encodeEntryId } from "../../read/ids.js";
import { authorSlugsOf } from "../authors/reads.js";
import { tagSlugsOf } from "../tags/reads.js";
import type { PollIn } from "./input.js";
import { creditsByPollIds, optionsByPollIds, pollsByIds } from "./reads.js";

/** A stored poll in the shape of its input (a patch is applied to this, then validated). */
export async function pollSnapshot(db: Db, id: number): Promise<PollIn | null> {
  const [p] = await pollsByIds(db, [id], { kind: "all" });
  if (!p) return null;
  const [options, credits] = await Promise.all([
    optionsByPollIds(db, [id]),
    creditsByPollIds(db, [id]),
  ]);
  return {
    slug: p.slug,
    title: p.title,
    tags: await tagSlugsOf(db, id),
    authors: await authorSlugsOf(db, id),
    question: p.question,
    description: p.descriptionMd,
    opensAt: p.opensAt,
    closesAt: p.closesAt,
    resultsVisibility: p.resultsVisibility,
    resultsEvent: p.resultsEventId == null ? null : encodeEntryId("event", p.resultsEventId),
    resultsAnnouncedOn: p.resultsAnnouncedOn,
    countsRecorded: p.countsUnknownReason === null,
    options: options.map((o) => ({ label: o.label, imageUrl: o.imageUrl })),
    credits: credits.map((c) => ({ person: c.person.slug, role: c.role })),
  };
}
