/**
 * The date an entry is published with. Editors may publish with the entry's real, past date
 * (a back issue, an import) and say how much of it is known; a future date is a schedule,
 * refused here. Unpublishing keeps `publishedAt` and its precision, and publishing again
 * without a date brings the entry back at that date, as Ghost and WordPress do.
 */
import { InputError } from "../../errors.js";
import type { DatePrecision } from "../../read/table.js";

/** What an editor may send with a publish. */
export interface PublishDate {
  publishedAt?: Date | null;
  publishedAtPrecision?: DatePrecision | null;
}

/** Throws InputError (REQUIRED, IN_FUTURE) when the requested date cannot be published. */
export function checkPublishDate(request: PublishDate, now: Date): void {
  if (request.publishedAtPrecision && !request.publishedAt)
    throw InputError.of(["publishedAt"], "is required with publishedAtPrecision", "REQUIRED");
  if (request.publishedAt && request.publishedAt > now)
    throw InputError.of(
      ["publishedAt"],
      "is in the future: use scheduleContent to publish at a later time",
      "IN_FUTURE",
    );
}

/**
 * The requested date (precision EXACT unless given); else the date the entry kept from an
 * earlier publication, if it is past; else `now`, exactly.
 */
export function publicationDate(
  row: { publishedAt: Date | null; publishedAtPrecision: DatePrecision },
  request: PublishDate,
  now: Date,
): { publishedAt: Date; publishedAtPrecision: DatePrecision } {
  if (request.publishedAt)
    return {
      publishedAt: request.publishedAt,
      publishedAtPrecision: request.publishedAtPrecision ?? "exact",
    };
  if (row.publishedAt && row.publishedAt <= now)
    return { publishedAt: row.publishedAt, publishedAtPrecision: row.publishedAtPrecision };
  return { publishedAt: now, publishedAtPrecision: "exact" };
}
