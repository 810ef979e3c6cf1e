/**
 * Each content type's behaviour, from its folder, for the machinery shared by all types: the
 * editorial lifecycle, reads of entries of any type, feeds, and a person's entries.
 */
import { Reader, type ReaderOptions } from "../read/reader.js";
import type { ContentType } from "../registry.js";
import { announcementKind } from "./announcement/kind.js";
import type { ContentKind } from "./entry/kind.js";
import { eventKind } from "./event/kind.js";
import { issueKind } from "./issue/kind.js";
import { pollKind } from "./poll/kind.js";

export const KINDS: Readonly<Record<ContentType, ContentKind>> = {
  issue: issueKind,
  announcement: announcementKind,
  event: eventKind,
  poll: pollKind,
};

/** A reader of the archive that reads entries of every type (src/read/reader.ts). */
export function createReader(options: Omit<ReaderOptions, "entries">): Reader {
  return new Reader({ ...options, entries: KINDS });
}
