import { clientError } from "./errors.js";

/** Types with global ids. */
export const NODE_TYPES = [
  "Issue",
  "Announcement",
  "Event",
  "Poll",
  "PollOption",
  "WeeklyStats",
  "Person",
] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

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
  const type = match?.[1] as NodeTypeName | undefined;
  const id = Number(match?.[2]);
  if (!type || !NODE_TYPES.includes(type) || !Number.isSafeInteger(id) || id > 2_147_483_647) {
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
