/**
 * A problem with an archive or its target that the operator can fix (wrong file, newer
 * version, non-empty database): the CLI prints its message alone, without a stack.
 */
export class ArchiveError extends Error {
  override name = "ArchiveError";
}
