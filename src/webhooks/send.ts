import { signDelivery } from "./signature.js";

export const USER_AGENT = "newsletter-content-api-webhooks/1";

/** What one HTTP attempt came to. */
export type AttemptOutcome =
  | { ok: true; statusCode: number }
  | { ok: false; statusCode: number | null; error: string };

export interface Attempt {
  url: string;
  deliveryId: number;
  eventType: string;
  /** The exact body; it is what gets signed. */
  body: string;
  secret: string;
  /** Unix seconds, signed with the body. */
  timestamp: number;
  timeoutMs: number;
}

/**
 * POST one delivery. Only a 2xx counts as delivered. Redirects are not followed: a 3xx is a
 * failure the admin should fix by registering the final URL (following one would send the
 * signed body somewhere nobody registered). Never throws: failures become an outcome.
 */
export async function attemptDelivery(
  doFetch: typeof fetch,
  attempt: Attempt,
): Promise<AttemptOutcome> {
  try {
    const response = await doFetch(attempt.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "x-webhook-delivery-id": String(attempt.deliveryId),
        // Deprecated: the old name reads like the webhook's id. Kept for one release.
        "x-webhook-id": String(attempt.deliveryId),
        "x-webhook-event": attempt.eventType,
        "x-webhook-timestamp": String(attempt.timestamp),
        "x-webhook-signature": signDelivery(attempt.secret, attempt.timestamp, attempt.body),
      },
      body: attempt.body,
      redirect: "manual",
      signal: AbortSignal.timeout(attempt.timeoutMs),
    });
    // The answer's body is of no interest; release the connection.
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300)
      return { ok: true, statusCode: response.status };
    const reason =
      response.status >= 300 && response.status < 400 ? " (redirects are not followed)" : "";
    return {
      ok: false,
      statusCode: response.status,
      error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}${reason}`,
    };
  } catch (error) {
    return { ok: false, statusCode: null, error: describeFailure(error, attempt.timeoutMs) };
  }
}

/** A short, log-friendly reason for a request that got no answer. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError")
    return `timed out after ${timeoutMs} ms`;
  if (!(error instanceof Error)) return String(error);
  // undici reports "fetch failed" and puts the useful part (ECONNREFUSED, …) in the cause.
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message}: ${detail}` : error.message;
}
