/**
 * A real Server-Sent Events client over HTTP: POSTs a GraphQL subscription with
 * Accept: text/event-stream and yields each event as it arrives.
 */
export interface SseEvent {
  event: string;
  data: string;
}

export async function subscribe(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ next(timeoutMs?: number): Promise<SseEvent>; close(): void; ended: Promise<void> }> {
  const controller = new AbortController();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  if (!res.ok || !res.body)
    throw new Error(`subscription failed: ${res.status} ${await res.text()}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const queue: SseEvent[] = [];
  const waiters: ((e: SseEvent) => void)[] = [];
  let buffer = "";
  let resolveEnded: () => void = () => {};
  const ended = new Promise<void>((r) => {
    resolveEnded = r;
  });
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event: SseEvent = { event: "message", data: "" };
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event.event = line.slice(6).trim();
            else if (line.startsWith("data:")) event.data += line.slice(5).trim();
          }
          if (event.data || event.event !== "message") {
            const waiter = waiters.shift();
            if (waiter) waiter(event);
            else queue.push(event);
          }
          cut = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted
    }
    resolveEnded();
  })();
  return {
    next(timeoutMs = 10_000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const waiter = (e: SseEvent) => {
          clearTimeout(timer);
          resolve(e);
        };
        // A waiter that timed out leaves the queue: the next event is for the next caller.
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error("no SSE event in time"));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () => controller.abort(),
    ended,
  };
}
