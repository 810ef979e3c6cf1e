import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deriveKeys } from "../../src/auth/keys.js";
import {
  EVENT_TYPE_PATTERN,
  eventTypeOf,
  matchesEventType,
  patternsMatching,
} from "../../src/webhooks/event-types.js";
import { endpointUrlProblem } from "../../src/webhooks/input.js";
import { payloadBody } from "../../src/webhooks/payload.js";
import { decryptSecret, encryptSecret, generateSigningSecret } from "../../src/webhooks/secrets.js";
import { signDelivery, verifyDelivery } from "../../src/webhooks/signature.js";

describe("event type patterns", () => {
  it("accepts exactly the documented patterns", () => {
    for (const ok of ["announcement.published", "*.updated", "poll.*", "*.*", "*", "event.deleted"])
      expect(EVENT_TYPE_PATTERN.test(ok), ok).toBe(true);
    for (const bad of [
      "announcement",
      "news.published",
      "issue.created",
      "*.",
      ".*",
      "**",
      "issue.published ",
      "Issue.published",
      "",
    ])
      expect(EVENT_TYPE_PATTERN.test(bad), bad).toBe(false);
  });

  it("matches wildcards on either side", () => {
    expect(eventTypeOf({ type: "poll", kind: "unpublished" })).toBe("poll.unpublished");
    expect(patternsMatching("poll.updated")).toEqual([
      "poll.updated",
      "poll.*",
      "*.updated",
      "*.*",
      "*",
    ]);
    expect(matchesEventType(["*.updated"], "issue.updated")).toBe(true);
    expect(matchesEventType(["*.updated"], "issue.published")).toBe(false);
    expect(matchesEventType(["announcement.*"], "announcement.deleted")).toBe(true);
    expect(matchesEventType(["announcement.*"], "event.deleted")).toBe(false);
    expect(matchesEventType(["*"], "event.deleted")).toBe(true);
    expect(matchesEventType(["issue.published", "poll.*"], "poll.published")).toBe(true);
  });
});

describe("signing secrets at rest", () => {
  const key = deriveKeys(randomBytes(32)).webhookSecrets;

  it("round-trips, with a fresh IV each time", () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const a = encryptSecret(key, secret);
    const b = encryptSecret(key, secret);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain(secret.slice(6));
    expect(decryptSecret(key, a)).toBe(secret);
  });

  it("refuses a tampered ciphertext or another key", () => {
    const stored = encryptSecret(key, generateSigningSecret());
    const [v, iv, tag, ct] = stored.split(".") as [string, string, string, string];
    const flipped = Buffer.from(ct, "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() =>
      decryptSecret(key, [v, iv, tag, flipped.toString("base64url")].join(".")),
    ).toThrow();
    expect(() => decryptSecret(deriveKeys(randomBytes(32)).webhookSecrets, stored)).toThrow();
    expect(() => decryptSecret(key, "plaintext")).toThrow(/format/);
  });
});

describe("delivery signature", () => {
  it("is sha256=HMAC(secret, timestamp.body) in hex", () => {
    const body = '{"id":"1"}';
    const header = signDelivery("whsec_test", 1271152805, body);
    expect(header).toBe(
      `sha256=${createHmac("sha256", "whsec_test").update(`1271152805.${body}`).digest("hex")}`,
    );
    expect(verifyDelivery("whsec_test", 1271152805, body, header)).toBe(true);
    expect(verifyDelivery("whsec_test", 1271152806, body, header)).toBe(false);
    expect(verifyDelivery("whsec_other", 1271152805, body, header)).toBe(false);
    expect(verifyDelivery("whsec_test", 1271152805, body, "sha256=00")).toBe(false);
  });
});

describe("payload body", () => {
  it("writes keys in the documented order whatever order they come in", () => {
    const body = payloadBody({
      data: {
        entry: {
          removedAt: "2010-04-13T10:00:00.000Z",
          visible: false,
          slug: "s",
          type: "Poll",
          id: "g",
        },
        publishedAt: null,
        tags: [],
        url: "u",
        slug: "s",
        type: "poll",
        id: "g",
      },
      occurredAt: "2010-04-13T10:00:00.000Z",
      type: "poll.deleted",
      id: "7",
    });
    expect(body).toBe(
      '{"id":"7","type":"poll.deleted","occurredAt":"2010-04-13T10:00:00.000Z","data":{"id":"g","type":"poll","slug":"s","url":"u","tags":[],"publishedAt":null,"entry":{"id":"g","type":"Poll","slug":"s","visible":false,"removedAt":"2010-04-13T10:00:00.000Z"}}}',
    );
  });
});

describe("endpoint URLs", () => {
  it("accepts https anywhere and http on loopback only", () => {
    expect(endpointUrlProblem("https://partner.example/hooks?x=1")).toBeNull();
    expect(endpointUrlProblem("http://localhost/h")).toBeNull();
    expect(endpointUrlProblem("http://10.0.0.1/h")?.code).toBe("HTTPS_REQUIRED");
    expect(endpointUrlProblem("https://:pw@partner.example/")?.code).toBe("CREDENTIALS_IN_URL");
    expect(endpointUrlProblem("mailto:a@b.example")?.code).toBe("UNSUPPORTED_SCHEME");
    expect(endpointUrlProblem("partner.example/hooks")?.code).toBe("INVALID_URL");
  });
});
