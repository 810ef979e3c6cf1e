/** A write named something (person, tag, event…) that does not exist. */
export class UnknownReferenceError extends Error {
  constructor(
    readonly kind: string,
    readonly keys: string[],
  ) {
    super(`unknown ${kind}: ${keys.join(", ")}`);
    this.name = "UnknownReferenceError";
  }
}
