import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { enqueueDeliveries } from "../../src/webhooks/queue.js";
import { decryptSecret } from "../../src/webhooks/secrets.js";
import { webhookDeliveries, webhooks } from "../../src/webhooks/table.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { webhookHarness } from "./harness.js";

const CREATE = `mutation ($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    __typename
    ... on CreateWebhookSuccess { secret webhook { id url description eventTypes active createdAt } }
    ... on ValidationError { message fieldErrors { path message code } }
  }
}`;

const UPDATE = `mutation ($input: UpdateWebhookInput!) {
  updateWebhook(input: $input) {
    __typename
    ... on UpdateWebhookSuccess { webhook { id url description eventTypes active } }
    ... on ValidationError { fieldErrors { path code } }
    ... on NotFoundError { id message }
  }
}`;

const DELETE = `mutation ($id: ID!) {
  deleteWebhook(id: $id) {
    __typename
    ... on DeleteWebhookSuccess { deletedId }
    ... on NotFoundError { id }
  }
}`;

const ROTATE = `mutation ($id: ID!) {
  rotateWebhookSecret(id: $id) {
    __typename
    ... on RotateWebhookSecretSuccess { secret webhook { id } }
    ... on NotFoundError { id }
  }
}`;

const LIST = "{ webhooks { id url description eventTypes active createdAt } }";

interface FieldErrors {
  __typename: string;
  fieldErrors: { path: string[]; code: string; message: string }[];
}

describe.each(backends())("webhook admin API (%s)", (backend) => {
  let tdb: TestDatabase;
  let h: Awaited<ReturnType<typeof webhookHarness>>;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    h = await webhookHarness(tdb);
  });
  afterEach(() => h.cleanup());
  afterAll(() => tdb.drop());

  async function create(
    input: Record<string, unknown>,
    headers: Record<string, string> = h.asAdmin,
  ) {
    return h.gql<{ createWebhook: Record<string, unknown> }>(CREATE, { input }, headers);
  }

  /** The [path, code] pairs of a createWebhook ValidationError. */
  async function rejected(input: Record<string, unknown>): Promise<[string[], string][]> {
    const res = await create(input);
    const result = (res.data?.createWebhook ?? {}) as Partial<FieldErrors>;
    expect(result.__typename, JSON.stringify(input)).toBe("ValidationError");
    return (result.fieldErrors ?? []).map((e) => [e.path, e.code]);
  }

  it("registers a webhook as admin and shows the secret once", async () => {
    const res = await create({
      url: "https://partner.example/hooks",
      eventTypes: ["announcement.published", "*.updated", "announcement.published"],
      description: "  Partner site  ",
    });
    expect(res.errors).toBeUndefined();
    const result = res.data?.createWebhook as {
      __typename: string;
      secret: string;
      webhook: Record<string, unknown>;
    };
    expect(result.__typename).toBe("CreateWebhookSuccess");
    expect(result.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(result.webhook).toMatchObject({
      url: "https://partner.example/hooks",
      description: "Partner site",
      eventTypes: ["announcement.published", "*.updated"],
      active: true,
    });
    expect(result.webhook.id).toMatch(/^[1-9][0-9]*$/);

    // Listing shows the webhook, and the secret is nowhere in it.
    const list = await h.gql<{ webhooks: Record<string, unknown>[] }>(LIST, {}, h.asAdmin);
    expect(list.data?.webhooks).toEqual([result.webhook]);
    expect(JSON.stringify(list)).not.toContain(result.secret);
    // Webhook has no field that could expose it.
    const probe = await h.gql("{ webhooks { id secret } }", {}, h.asAdmin);
    expect(probe.status).toBe(400);
    expect(probe.errors?.[0]?.message).toMatch(/Cannot query field "secret" on type "Webhook"/);

    // At rest it is encrypted under the server key, never stored in the clear.
    const [row] = await tdb.database.db
      .select()
      .from(webhooks)
      .where(eq(webhooks.id, Number(result.webhook.id)));
    expect(row?.secretCiphertext).not.toContain(result.secret.slice(6));
    expect(decryptSecret(h.keys.webhookSecrets, row?.secretCiphertext ?? "")).toBe(result.secret);
  });

  it("refuses editors (FORBIDDEN, naming the admin scope) and anonymous callers (401, as a bad token)", async () => {
    const editor = await bearer(tdb.database.db, "editor");
    const input = { url: "https://partner.example/x", eventTypes: ["*"] };
    type Answer = Awaited<ReturnType<typeof h.gql>>;
    const forbidden = (res: Answer) => {
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN", requiredScope: "admin" });
    };
    const unauthenticated = (res: Answer) => {
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(res).not.toHaveProperty("data");
    };
    const callers: [Record<string, string>, (res: Answer) => void][] = [
      [{ authorization: editor.authorization }, forbidden],
      [{}, unauthenticated],
    ];
    for (const [headers, refused] of callers) {
      const created = await create(input, headers);
      expect(created.data ?? null).toBeNull();
      refused(created);
      refused(await h.gql(LIST, {}, headers));
      refused(await h.gql("{ webhookDeliveries(webhookId: 1) { totalCount } }", {}, headers));
      for (const [query, variables] of [
        [UPDATE, { input: { id: "1", active: false } }],
        [DELETE, { id: "1" }],
        [ROTATE, { id: "1" }],
      ] as const) {
        refused(await h.gql(query, variables, headers));
      }
    }
    expect(await tdb.database.db.select().from(webhooks)).toEqual([]);
  });

  it("reports invalid URLs with a code and the path of the field", async () => {
    const cases: [string, string][] = [
      ["not a url", "INVALID_URL"],
      ["/relative/path", "INVALID_URL"],
      ["ftp://partner.example/hooks", "UNSUPPORTED_SCHEME"],
      ["javascript:alert(1)", "UNSUPPORTED_SCHEME"],
      ["http://partner.example/hooks", "HTTPS_REQUIRED"],
      ["https://user:pass@partner.example/hooks", "CREDENTIALS_IN_URL"],
      ["https://partner.example/hooks#section", "FRAGMENT_IN_URL"],
      ["https://partner.example/hooks#", "FRAGMENT_IN_URL"],
      [`https://partner.example/${"a".repeat(2048)}`, "TOO_BIG"],
    ];
    for (const [url, code] of cases) {
      expect(await rejected({ url, eventTypes: ["*"] }), url).toEqual([[["input", "url"], code]]);
    }
    // Plain http is fine for a receiver on this machine.
    for (const url of ["http://localhost:8080/h", "http://127.0.0.1/h", "http://[::1]:9/h"]) {
      const res = await create({ url, eventTypes: ["*"] });
      expect(res.data?.createWebhook.__typename, url).toBe("CreateWebhookSuccess");
    }
  });

  it("reports invalid event type lists", async () => {
    const url = "https://partner.example/hooks";
    expect(
      await rejected({
        url,
        eventTypes: ["announcement.published", "announcement.edited", "news.*"],
      }),
    ).toEqual([
      [["input", "eventTypes", "1"], "INVALID_EVENT_TYPE"],
      [["input", "eventTypes", "2"], "INVALID_EVENT_TYPE"],
    ]);
    expect(await rejected({ url, eventTypes: [] })).toEqual([
      [["input", "eventTypes"], "TOO_SMALL"],
    ]);
    expect(await rejected({ url, eventTypes: Array.from({ length: 21 }, () => "*") })).toEqual([
      [["input", "eventTypes"], "TOO_BIG"],
    ]);
    // Several problems at once are all reported.
    expect(
      (await rejected({ url: "ftp://x", eventTypes: [] })).map(([, code]) => code).sort(),
    ).toEqual(["TOO_SMALL", "UNSUPPORTED_SCHEME"]);
    expect(await tdb.database.db.select().from(webhooks)).toEqual([]);
  });

  it("updates, deactivates, rotates and deletes", async () => {
    const { id, secret } = await h.register("https://partner.example/a", ["announcement.*"], "A");

    const updated = await h.gql<{ updateWebhook: Record<string, unknown> }>(
      UPDATE,
      {
        input: {
          id,
          url: "https://partner.example/b",
          eventTypes: ["*.deleted"],
          description: null,
          active: false,
        },
      },
      h.asAdmin,
    );
    expect(updated.data?.updateWebhook).toEqual({
      __typename: "UpdateWebhookSuccess",
      webhook: {
        id,
        url: "https://partner.example/b",
        description: null,
        eventTypes: ["*.deleted"],
        active: false,
      },
    });
    // Absent fields stay as they are.
    const partial = await h.gql<{ updateWebhook: { webhook: Record<string, unknown> } }>(
      UPDATE,
      { input: { id, active: true } },
      h.asAdmin,
    );
    expect(partial.data?.updateWebhook.webhook).toMatchObject({
      url: "https://partner.example/b",
      active: true,
    });
    const invalid = await h.gql<{ updateWebhook: FieldErrors }>(
      UPDATE,
      { input: { id, url: "http://partner.example", eventTypes: ["*.created"] } },
      h.asAdmin,
    );
    expect(invalid.data?.updateWebhook.fieldErrors.map((e) => [e.path, e.code])).toEqual([
      [["input", "url"], "HTTPS_REQUIRED"],
      [["input", "eventTypes", "0"], "INVALID_EVENT_TYPE"],
    ]);

    const rotated = await h.gql<{
      rotateWebhookSecret: { __typename: string; secret: string; webhook: { id: string } };
    }>(ROTATE, { id }, h.asAdmin);
    expect(rotated.data?.rotateWebhookSecret.__typename).toBe("RotateWebhookSecretSuccess");
    expect(rotated.data?.rotateWebhookSecret.webhook.id).toBe(id);
    expect(rotated.data?.rotateWebhookSecret.secret).toMatch(/^whsec_/);
    expect(rotated.data?.rotateWebhookSecret.secret).not.toBe(secret);

    // Deleting takes the delivery log with it.
    await enqueueDeliveries(tdb.database.db, {
      eventType: "poll.deleted",
      patterns: ["*.deleted"],
      payload: { type: "poll.deleted" },
      at: new Date(),
    });
    expect(await tdb.database.db.select().from(webhookDeliveries)).toHaveLength(1);
    const deleted = await h.gql(DELETE, { id }, h.asAdmin);
    expect(deleted.data).toEqual({
      deleteWebhook: { __typename: "DeleteWebhookSuccess", deletedId: id },
    });
    expect(await tdb.database.db.select().from(webhookDeliveries)).toEqual([]);
    const again = await h.gql(DELETE, { id }, h.asAdmin);
    expect(again.data).toEqual({ deleteWebhook: { __typename: "NotFoundError", id } });
  });

  it("answers NotFoundError for unknown ids and BAD_ID for malformed ones", async () => {
    const update = await h.gql(UPDATE, { input: { id: "999999", active: false } }, h.asAdmin);
    expect(update.data).toEqual({
      updateWebhook: {
        __typename: "NotFoundError",
        id: "999999",
        message: "Nothing with id 999999.",
      },
    });
    const rotate = await h.gql(ROTATE, { id: "999999" }, h.asAdmin);
    expect(rotate.data).toEqual({
      rotateWebhookSecret: { __typename: "NotFoundError", id: "999999" },
    });
    for (const bad of ["abc", "0", "-1", "1.5", "99999999999"]) {
      const res = await h.gql(DELETE, { id: bad }, h.asAdmin);
      expect(res.errors?.[0]?.extensions?.code, bad).toBe("BAD_ID");
      const log = await h.gql(
        "query ($id: ID!) { webhookDeliveries(webhookId: $id) { totalCount } }",
        { id: bad },
        h.asAdmin,
      );
      expect(log.errors?.[0]?.extensions?.code, bad).toBe("BAD_ID");
    }
  });

  it("pages the delivery log newest first, filtered by status", async () => {
    const { id } = await h.register("https://partner.example/log", ["*"]);
    const base = Date.parse("2010-04-13T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      await enqueueDeliveries(tdb.database.db, {
        eventType: "issue.updated",
        patterns: ["*"],
        payload: { type: "issue.updated", occurredAt: new Date(base + i).toISOString(), data: {} },
        at: new Date(base + i * 60_000),
      });
    }
    const first = await h.deliveries(id, { first: 2 });
    expect(first.totalCount).toBe(5);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await h.deliveries(id, { first: 2, after: first.pageInfo.endCursor ?? "" });
    const third = await h.deliveries(id, { first: 2, after: second.pageInfo.endCursor ?? "" });
    expect(third.pageInfo.hasNextPage).toBe(false);
    const times = [...first.edges, ...second.edges, ...third.edges].map((e) => e.node.createdAt);
    expect(times).toEqual([4, 3, 2, 1, 0].map((i) => new Date(base + i * 60_000).toISOString()));
    const node = first.edges[0]?.node;
    expect(node).toMatchObject({
      eventType: "issue.updated",
      status: "PENDING",
      attempts: 0,
      lastStatusCode: null,
    });
    expect(node?.nextAttemptAt).toBe(node?.createdAt);
    expect(JSON.parse(node?.payload ?? "{}").id).toBe(node?.id);

    expect((await h.deliveries(id, { status: "PENDING" })).totalCount).toBe(5);
    expect((await h.deliveries(id, { status: "FAILED" })).totalCount).toBe(0);
    const badCursor = await h.gql(
      'query ($id: ID!) { webhookDeliveries(webhookId: $id, after: "nope") { totalCount } }',
      { id },
      h.asAdmin,
    );
    expect(badCursor.errors?.[0]?.extensions?.code).toBe("BAD_CURSOR");
    // An unknown webhook simply has no deliveries.
    expect((await h.deliveries("999999")).totalCount).toBe(0);
  });
});
