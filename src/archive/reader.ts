import { ArchiveError } from "../errors.js";
import { type ArchiveSource, JsonCursor } from "./json-cursor.js";

/** What reading an archive yields, in document order. */
export type ArchiveEvent =
  /** The top-level fields before `tables`: always first, so the caller can refuse early. */
  | { kind: "header"; header: Record<string, unknown> }
  | { kind: "table"; name: string }
  /** One row, not yet validated; `size` is its length in the file. */
  | { kind: "row"; row: unknown; size: number }
  | { kind: "tableEnd"; name: string };

async function* tables(cursor: JsonCursor): AsyncGenerator<ArchiveEvent> {
  await cursor.expect("{", '"tables" to be an object');
  if ((await cursor.peek()) === "}") {
    await cursor.expect("}", '"}"');
    return;
  }
  do {
    const name = await cursor.key();
    yield { kind: "table", name };
    await cursor.expect("[", `table "${name}" to be an array of rows`);
    if ((await cursor.peek()) === "]") await cursor.expect("]", '"]"');
    else {
      do {
        const { value, length } = await cursor.value();
        yield { kind: "row", row: value, size: length };
      } while (await cursor.separator("]"));
    }
    yield { kind: "tableEnd", name };
  } while (await cursor.separator("}"));
}

/**
 * Read an archive document as a stream of events, holding one row at a time. The header
 * fields must precede `tables` (the exporter writes them first); other top-level fields
 * are ignored. Throws {@link ArchiveError} on malformed or truncated input.
 */
export async function* readArchive(source: ArchiveSource): AsyncGenerator<ArchiveEvent> {
  const cursor = new JsonCursor(source);
  try {
    yield* events(cursor);
  } finally {
    await cursor.close();
  }
}

async function* events(cursor: JsonCursor): AsyncGenerator<ArchiveEvent> {
  await cursor.expect("{", "the archive to be a JSON object");
  const header: Record<string, unknown> = {};
  let sawTables = false;
  if ((await cursor.peek()) === "}") await cursor.expect("}", '"}"');
  else {
    do {
      const key = await cursor.key();
      if (key === "tables") {
        if (sawTables) throw cursor.fail('"tables" appears twice');
        sawTables = true;
        yield { kind: "header", header };
        yield* tables(cursor);
      } else {
        const { value } = await cursor.value();
        if (!sawTables) header[key] = value;
      }
    } while (await cursor.separator("}"));
  }
  if (!sawTables) {
    yield { kind: "header", header };
    throw new ArchiveError('the archive has no "tables"');
  }
  if ((await cursor.peek()) !== undefined) throw cursor.fail("unexpected data after the archive");
}
