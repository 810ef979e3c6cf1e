import { ArchiveError } from "../errors.js";

/** Drop consumed text from the buffer once this much has piled up. */
const COMPACT_AFTER = 1 << 16;

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Archive text: a file or stdin stream, or (tests) an array of strings. */
export type ArchiveSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

async function* chunksOf(source: ArchiveSource): AsyncGenerator<string | Uint8Array> {
  yield* source;
}

const isSpace = (c: number) => c === SPACE || c === LF || c === CR || c === TAB;

/**
 * Walks a JSON document that arrives in chunks, so that an archive of any size is read with
 * only the current value in memory. The caller steers through the structure (`expect`,
 * `peek`) and takes whole values (`value`), which `JSON.parse` checks: the cursor only finds
 * where a value ends, so every syntax error is still caught.
 */
export class JsonCursor {
  private buffer = "";
  private pos = 0;
  /** Characters already dropped from the front of `buffer`, for offsets in messages. */
  private dropped = 0;
  private ended = false;
  private readonly chunks: AsyncIterator<string | Uint8Array>;
  // fatal: a file that is not UTF-8 is corrupt, not something to patch with U+FFFD.
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

  constructor(source: ArchiveSource) {
    this.chunks = chunksOf(source);
  }

  /** Stop reading the source (closes a file stream left half-read). */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }

  /** Characters read so far: where the next value starts. */
  get offset(): number {
    return this.dropped + this.pos;
  }

  /** An error naming the position, for the caller's structural checks too. */
  fail(message: string): ArchiveError {
    return new ArchiveError(`${message} (at character ${this.offset})`);
  }

  private async more(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    let text: string;
    try {
      if (next.done) {
        this.ended = true;
        text = this.decoder.decode();
      } else {
        text =
          typeof next.value === "string"
            ? next.value
            : this.decoder.decode(next.value, { stream: true });
      }
    } catch {
      throw this.fail("the archive is not valid UTF-8");
    }
    if (this.pos > COMPACT_AFTER) {
      this.buffer = this.buffer.slice(this.pos);
      this.dropped += this.pos;
      this.pos = 0;
    }
    if (this.dropped === 0 && this.buffer.length === 0 && text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
    }
    this.buffer += text;
    return text.length > 0 || !this.ended;
  }

  /** The next character after whitespace, not consumed; undefined at the end of the input. */
  async peek(): Promise<string | undefined> {
    for (;;) {
      while (this.pos < this.buffer.length) {
        if (!isSpace(this.buffer.charCodeAt(this.pos))) return this.buffer[this.pos];
        this.pos++;
      }
      if (!(await this.more())) return undefined;
    }
  }

  /** Consume `char` (after whitespace), or fail saying what was expected instead. */
  async expect(char: string, expected: string): Promise<void> {
    const next = await this.peek();
    if (next !== char) {
      throw this.fail(
        next === undefined
          ? `unexpected end of the archive, expected ${expected} (truncated file?)`
          : `expected ${expected}, found ${JSON.stringify(next)}`,
      );
    }
    this.pos++;
  }

  /** Consume one separator: true after ",", false after `close`, else fail. */
  async separator(close: "}" | "]"): Promise<boolean> {
    const next = await this.peek();
    if (next === ",") {
      this.pos++;
      return true;
    }
    await this.expect(close, `"," or "${close}"`);
    return false;
  }

  /** An object key and its colon. */
  async key(): Promise<string> {
    if ((await this.peek()) !== '"') await this.expect('"', "a quoted field name");
    const { value } = await this.value();
    await this.expect(":", '":"');
    return value as string;
  }

  /** One complete value, parsed; `length` is its size in characters. */
  async value(): Promise<{ value: unknown; length: number }> {
    const first = await this.peek();
    if (first === undefined) {
      throw this.fail("unexpected end of the archive, expected a value (truncated file?)");
    }
    const c0 = first.charCodeAt(0);
    const scalar = c0 !== OPEN_BRACE && c0 !== OPEN_BRACKET && c0 !== QUOTE;
    // Scan state survives refills; positions are relative to `this.pos`, which a refill may move.
    let k = 0;
    let depth = 0;
    let inString = false;
    let escaped = false;
    let end = -1;
    while (end < 0) {
      const buffer = this.buffer;
      const base = this.pos;
      for (; base + k < buffer.length; k++) {
        const c = buffer.charCodeAt(base + k);
        if (scalar) {
          if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) {
            end = k;
            break;
          }
        } else if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) {
            inString = false;
            if (depth === 0) {
              end = k + 1;
              break;
            }
          }
        } else if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            end = k + 1;
            break;
          }
        }
      }
      if (end >= 0) break;
      if (!(await this.more())) {
        if (scalar && k > 0) end = k;
        else throw this.fail("unexpected end of the archive inside a value (truncated file?)");
      }
    }
    const text = this.buffer.slice(this.pos, this.pos + end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.fail(`malformed JSON: ${(error as Error).message}`);
    }
    this.pos += end;
    return { value, length: end };
  }
}
