import { describe, expect, it } from "vitest";
import { type ArchiveEvent, readArchive } from "../../src/archive/reader.js";
import { ArchiveError } from "../../src/errors.js";

const DOC = {
  format: "newsletter-content-api/archive",
  version: 1,
  source: { database: "pglite", note: "a } ] , inside a string" },
  tables: {
    people: [
      { id: 1, name: 'Zoë "Z" Ünal \\ 🐧', bio: null, tags: ["a", ["b", { c: "}" }]] },
      { id: 2, name: "line\nbreak\ttab\u0001", bio: "", tags: [] },
    ],
    tags: [],
    content: [{ id: 3, n: -1.5e3, ok: true, no: false }],
  },
  after: { ignored: [1, 2, 3] },
};

async function events(chunks: Iterable<string | Uint8Array>): Promise<ArchiveEvent[]> {
  const out: ArchiveEvent[] = [];
  for await (const event of readArchive(chunks)) out.push(event);
  return out;
}

/** Events without the sizes, which depend on the layout. */
const shape = (list: ArchiveEvent[]) =>
  list.map((e) => (e.kind === "row" ? { kind: "row", row: e.row } : e));

function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function splitBytes(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function failure(chunks: Iterable<string>): Promise<string> {
  try {
    await events(chunks);
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError);
    return (error as Error).message;
  }
  throw new Error("expected the archive to be refused");
}

describe("streaming archive reader", () => {
  const compact = JSON.stringify(DOC);

  it("yields the header, then each table's rows in order, whatever the layout and chunking", async () => {
    const expected = [
      { kind: "header", header: { format: DOC.format, version: 1, source: DOC.source } },
      { kind: "table", name: "people" },
      { kind: "row", row: DOC.tables.people[0] },
      { kind: "row", row: DOC.tables.people[1] },
      { kind: "tableEnd", name: "people" },
      { kind: "table", name: "tags" },
      { kind: "tableEnd", name: "tags" },
      { kind: "table", name: "content" },
      { kind: "row", row: DOC.tables.content[0] },
      { kind: "tableEnd", name: "content" },
    ];
    expect(shape(await events([compact]))).toEqual(expected);
    for (const size of [1, 2, 3, 7, 64]) {
      expect(shape(await events(split(compact, size))), `chunks of ${size}`).toEqual(expected);
    }
    const pretty = `\uFEFF${JSON.stringify(DOC, null, 2).replaceAll("\n", "\r\n\t")}\n\n`;
    expect(shape(await events(split(pretty, 5)))).toEqual(expected);
    // Bytes split inside multi-byte characters (ë, Ü, the penguin) still decode.
    for (const size of [1, 3, 1000]) {
      expect(shape(await events(splitBytes(pretty, size))), `bytes by ${size}`).toEqual(expected);
    }
  });

  it("reports each row's size in the file", async () => {
    const rows = (await events([compact])).filter((e) => e.kind === "row");
    expect(rows.map((e) => e.size)).toEqual(
      [DOC.tables.people[0], DOC.tables.people[1], DOC.tables.content[0]].map(
        (r) => JSON.stringify(r).length,
      ),
    );
  });

  it("refuses truncated, malformed and trailing input with the position", async () => {
    for (const cut of [
      1,
      40,
      compact.indexOf("people") + 20,
      compact.length - 30,
      compact.length - 1,
    ]) {
      expect(await failure(split(compact.slice(0, cut), 16)), `cut at ${cut}`).toMatch(
        /unexpected end of the archive|malformed JSON/,
      );
    }
    expect(await failure([compact.slice(0, compact.length - 1)])).toMatch(
      /unexpected end of the archive, expected "," or "}" \(truncated file\?\) \(at character \d+\)/,
    );
    expect(await failure([`${compact} {}`])).toMatch(/unexpected data after the archive/);
    expect(await failure([compact.replace('"id":2', '"id":2,,')])).toMatch(/malformed JSON/);
    expect(await failure([compact.replace('"tags":[],"content"', '"tags":{},"content"')])).toMatch(
      /table "tags" to be an array of rows/,
    );
    expect(await failure(["[]"])).toMatch(/the archive to be a JSON object/);
    expect(await failure([""])).toMatch(/unexpected end of the archive/);
    expect(await failure(['{"format":"x"}'])).toMatch(/no "tables"/);
  });

  it("refuses bytes that are not UTF-8", async () => {
    const bytes = new TextEncoder().encode(compact);
    bytes[compact.indexOf("Zo") + 1] = 0xff;
    await expect(events([bytes])).rejects.toThrow(/not valid UTF-8/);
  });
});
