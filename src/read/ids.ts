import { clientError } from "../errors.js";
import {
  type ContentType,
  NODE_TYPES,
  type NodeTypeName,
  TYPE_NAMES,
  typeOfTypename,
} from "../registry.js";

/** Opaque global id: base64url("Type:id"). */
export function encodeId(type: NodeTypeName, id: number): string {
  return Buffer.from(`${type}:${id}`).toString("base64url");
}

/** Decode a global id; a malformed one is a BAD_ID error naming the argument. */
export function decodeId(value: string, argName = "id"): { type: NodeTypeName; id: number } {
  const text = /^[A-Za-z0-9_=-]{1,64}$/.test(value)
    ? Buffer.from(value, "base64url").toString("utf8")
    : "";
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(text);
  const type = NODE_TYPES.find((t) => t === match?.[1]);
  const id = Number(match?.[2]);
  if (!type || !Number.isSafeInteger(id) || id > 2_147_483_647) {
    throw clientError("BAD_ID", `"${argName}" is not a valid ID.`, { argumentName: argName });
  }
  return { type, id };
}

/** Decode a global id that must be of one type. */
export function decodeIdOf(expected: NodeTypeName, value: string, argName = "id"): number {
  const { type, id } = decodeId(value, argName);
  if (type !== expected) {
    throw clientError("BAD_ID", `"${argName}" is not a ${expected} ID.`, {
      argumentName: argName,
      expected,
    });
  }
  return id;
}

/** The global id of an entry. */
export const encodeEntryId = (type: ContentType, id: number) =>
  encodeId(TYPE_NAMES[type].typename, id);

/** The entry behind a global id; null when it is the id of something else (malformed: BAD_ID). */
export function decodeEntryId(
  value: string,
  argName = "id",
): { type: ContentType; id: number } | null {
  const { type, id } = decodeId(value, argName);
  const entryType = typeOfTypename(type);
  return entryType ? { type: entryType, id } : null;
}
