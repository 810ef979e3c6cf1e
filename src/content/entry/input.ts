import { InputError } from "../../errors.js";
import { decodeEntryId } from "../../read/ids.js";
import { type ContentType, TYPE_NAMES } from "../../registry.js";

/** A global id in an input that must name an archive entry (of one type, when given). */
export function entryRef(value: string, path: string[], only?: ContentType): { id: number } {
  let ref: ReturnType<typeof decodeEntryId>;
  try {
    ref = decodeEntryId(value, path.at(-1));
  } catch {
    throw InputError.of(path, "is not a valid ID", "INVALID_ID");
  }
  if (!ref || (only && ref.type !== only)) {
    const what = only ? `${TYPE_NAMES[only].article} ${only}` : "an archive entry";
    throw InputError.of(path, `must be the ID of ${what}`, "INVALID_ID");
  }
  return { id: ref.id };
}
