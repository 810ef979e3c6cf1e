/**
 * Fetching a feed for import: a timeout, at most 5 redirects followed by hand (a loop is named,
 * not retried), only http(s), and an HTML page refused with a message saying what to do.
 */
const MAX_REDIRECTS = 5;

export class FetchError extends Error {}

/** The body of a feed at `url`, as a stream of chunks; throws FetchError with a clear line. */
export async function openUrl(
  url: string,
  options: { timeoutMs: number },
): Promise<AsyncIterable<Uint8Array>> {
  const chain = [url];
  let current = url;
  for (;;) {
    let response: Response;
    try {
      response = await fetch(current, {
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: {
          accept:
            "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8",
          "user-agent": "newsletter-content-api import",
        },
      });
    } catch (error) {
      const cause = error as Error & { cause?: { code?: string; message?: string } };
      if (cause.name === "TimeoutError")
        throw new FetchError(`${current}: no answer within ${options.timeoutMs / 1000} s`);
      throw new FetchError(
        `${current}: ${cause.cause?.code ?? cause.cause?.message ?? cause.message}`,
      );
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get("location")) {
      await response.body?.cancel();
      const next = new URL(response.headers.get("location") as string, current).href;
      if (chain.includes(next))
        throw new FetchError(`redirect loop: ${[...chain, next].join(" → ")}`);
      if (chain.length > MAX_REDIRECTS)
        throw new FetchError(`more than ${MAX_REDIRECTS} redirects from ${url}`);
      if (!/^https?:/.test(next))
        throw new FetchError(`${current} redirects to ${next}, not a web address`);
      chain.push(next);
      current = next;
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new FetchError(`${current}: HTTP ${response.status} ${response.statusText}`.trim());
    }
    const type = (response.headers.get("content-type") ?? "").toLowerCase();
    if (type.includes("text/html") || type.includes("application/xhtml")) {
      await response.body?.cancel();
      throw new FetchError(
        `${current} is an HTML page (${type.split(";")[0]}), not a feed: give the feed's own URL (the page's <link rel="alternate" type="application/rss+xml"> names it)`,
      );
    }
    if (!response.body) throw new FetchError(`${current}: empty answer`);
    return response.body as unknown as AsyncIterable<Uint8Array>;
  }
}
