import { z } from "zod";
import { CONTENT_TYPES, PUBLIC_EVENT_KINDS } from "../registry.js";
import { EVENT_TYPE_PATTERN } from "./event-types.js";

/** Most event types one endpoint may list (there are only 25 distinct patterns anyway). */
export const MAX_EVENT_TYPES = 20;
export const MAX_URL_LENGTH = 2048;
export const MAX_DESCRIPTION_LENGTH = 500;

/** Hosts that may be reached over plain http: a partner's test receiver on the same machine. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why a URL cannot be a webhook endpoint, or null: it keeps the secret-bearing deliveries off
 * cleartext links on the open network and refuses URLs whose meaning would surprise
 * (credentials, fragments, other schemes). Which addresses may be reached is
 * destination.ts's question, asked when the URL is registered and again on every send.
 */
export function endpointUrlProblem(value: string): { message: string; code: string } | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return {
      message: "Must be an absolute URL, e.g. https://partner.example/hooks.",
      code: "INVALID_URL",
    };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return {
      message: `Only https (or http to localhost) URLs, not ${url.protocol}`,
      code: "UNSUPPORTED_SCHEME",
    };
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    return {
      message: "Use https; plain http is only accepted for localhost.",
      code: "HTTPS_REQUIRED",
    };
  }
  if (url.username || url.password) {
    return {
      message: "Must not contain credentials; deliveries are authenticated by their signature.",
      code: "CREDENTIALS_IN_URL",
    };
  }
  // `url.hash` is empty for a bare trailing "#", so look at the text.
  if (value.includes("#")) {
    return {
      message: "Must not contain a fragment (#…): it is never sent.",
      code: "FRAGMENT_IN_URL",
    };
  }
  return null;
}

/** An endpoint URL, normalised by the WHATWG parser (lower-case scheme and host, a path). */
const endpointUrl = z
  .string()
  .trim()
  .max(MAX_URL_LENGTH)
  .superRefine((value, ctx) => {
    const problem = endpointUrlProblem(value);
    if (problem)
      ctx.addIssue({ code: "custom", message: problem.message, params: { code: problem.code } });
  })
  .transform((value) => new URL(value).href);

/** Event type patterns: at least one, at most MAX_EVENT_TYPES, duplicates dropped. */
const eventTypes = z
  .array(
    z
      .string()
      .trim()
      .refine((value) => EVENT_TYPE_PATTERN.test(value), {
        message: `Must be "<type>.<kind>" with type ${CONTENT_TYPES.join(", ")} or *, and kind ${PUBLIC_EVENT_KINDS.join(", ")} or * (or "*" alone).`,
        params: { code: "INVALID_EVENT_TYPE" },
      }),
  )
  .min(1, "List at least one event type.")
  .max(MAX_EVENT_TYPES, `List at most ${MAX_EVENT_TYPES} event types.`)
  .transform((list) => [...new Set(list)]);

/** Free text for admins; blank means none. */
const description = z
  .string()
  .trim()
  .max(MAX_DESCRIPTION_LENGTH)
  .transform((value) => (value === "" ? null : value));

export const createWebhookInput = z.object({
  url: endpointUrl,
  eventTypes,
  description: description.nullish().transform((value) => value ?? null),
});

/**
 * A partial update. For url, eventTypes and active an explicit null means "unchanged" (they
 * cannot be null); for description, null clears it and absence leaves it.
 */
export const updateWebhookInput = z.object({
  url: endpointUrl.nullish().transform((value) => value ?? undefined),
  eventTypes: eventTypes.nullish().transform((value) => value ?? undefined),
  description: description.nullish(),
  active: z
    .boolean()
    .nullish()
    .transform((value) => value ?? undefined),
});

export type CreateWebhookInput = z.output<typeof createWebhookInput>;
export type UpdateWebhookInput = z.output<typeof updateWebhookInput>;
