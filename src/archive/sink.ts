import { once } from "node:events";

/** Where export text goes; awaiting `write` is how the exporter waits for a slow reader. */
export type Sink = (chunk: string) => Promise<void> | void;

/**
 * A sink over a Node stream (stdout, a file) that honours backpressure: when the stream's
 * buffer is full, `write` waits for "drain" instead of piling the archive up in memory.
 * A stream error (EPIPE when the reader quits) fails the next write.
 */
export function streamSink(stream: NodeJS.WritableStream): { write: Sink; failed(): Error | null } {
  let failure: Error | null = null;
  stream.on("error", (error: Error) => {
    failure = error;
  });
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (!stream.write(chunk)) await once(stream, "drain");
    },
    failed: () => failure,
  };
}

/** Gathers small writes into chunks of about `size` characters (default 64 KiB). */
export function bufferedSink(sink: Sink, size = 1 << 16): { write: Sink; flush(): Promise<void> } {
  let pending: string[] = [];
  let length = 0;
  const flush = async () => {
    if (length === 0) return;
    const chunk = pending.join("");
    pending = [];
    length = 0;
    await sink(chunk);
  };
  return {
    async write(chunk) {
      pending.push(chunk);
      length += chunk.length;
      if (length >= size) await flush();
    },
    flush,
  };
}
