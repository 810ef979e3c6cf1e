import { clientError, InputError, NotFoundError, WebhookDisabledError } from "../errors.js";
import { builder, pageComplexity } from "../graphql/builder.js";
import type { Context } from "../graphql/context.js";
import { ErrorInterface } from "../graphql/errors.js";
import { keysetPage, timeCursor, toConnection } from "../graphql/pagination.js";
import { parseInput } from "../validation.js";
import { createWebhookInput, updateWebhookInput } from "./input.js";
import { payloadBody, type WebhookPayload } from "./payload.js";
import { encryptSecret, generateSigningSecret } from "./secrets.js";
import {
  countDeliveries,
  type DeliveryRow,
  deleteWebhook,
  deliveryById,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  setWebhookSecret,
  updateWebhook,
  type WebhookRow,
  webhookById,
} from "./store.js";

// Admin API for partner webhooks. Webhooks and deliveries are not Nodes: their ids are the
// plain integer ids as strings ("12"), the same number partners see in `x-webhook-delivery-id`.
// Every root field needs the admin scope; the types carry it too, so that no later field
// can expose them to anyone else by accident.

const ADMIN = { admin: true } as const;

/** Parse a webhook or delivery id ("12"); anything else is BAD_ID, like global ids. */
function plainId(value: string | number, argName: string): number {
  const text = String(value);
  const id = Number(text);
  if (!/^[1-9][0-9]{0,9}$/.test(text) || id > 2_147_483_647) {
    throw clientError("BAD_ID", `"${argName}" is not a valid webhook ID.`, {
      argumentName: argName,
    });
  }
  return id;
}

export const WebhookRef = builder.objectRef<WebhookRow>("Webhook").implement({
  description:
    "A partner endpoint and the event types it receives. Its signing secret is never readable: createWebhook and rotateWebhookSecret show it once.",
  authScopes: ADMIN,
  fields: (t) => ({
    id: t.id({ resolve: (w) => String(w.id) }),
    url: t.exposeString("url"),
    description: t.exposeString("description", { nullable: true }),
    eventTypes: t.exposeStringList("eventTypes", {
      description: 'Patterns: "announcement.published", "*.updated", "poll.*", "*".',
    }),
    active: t.exposeBoolean("active", {
      description: "Inactive webhooks receive nothing; their pending deliveries fail.",
    }),
    createdAt: t.field({ type: "DateTime", resolve: (w) => w.createdAt }),
  }),
});

export const DeliveryStatusEnum = builder.enumType("DeliveryStatus", {
  values: {
    PENDING: { value: "pending", description: "Waiting for its first attempt or a retry." },
    SUCCEEDED: { value: "succeeded", description: "The endpoint answered 2xx." },
    FAILED: { value: "failed", description: "Retries exhausted, or the webhook was disabled." },
  } as const,
});

export const WebhookDeliveryRef = builder.objectRef<DeliveryRow>("WebhookDelivery").implement({
  description: "One event sent (or being sent) to one webhook: the delivery log.",
  authScopes: ADMIN,
  fields: (t) => ({
    id: t.id({
      description: "Also the payload's `id` and the `x-webhook-delivery-id` header.",
      resolve: (d) => String(d.id),
    }),
    eventType: t.exposeString("eventType"),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt("attempts", { description: "Attempts made so far." }),
    lastStatusCode: t.exposeInt("lastStatusCode", {
      nullable: true,
      description: "HTTP status of the latest attempt; null when it got no answer.",
    }),
    lastError: t.exposeString("lastError", { nullable: true }),
    payload: t.string({
      description: "The JSON body, exactly as sent and signed.",
      resolve: (d) => payloadBody(d.payload as WebhookPayload),
    }),
    redeliveryOf: t.id({
      nullable: true,
      description:
        "The delivery whose body this one sends again (redeliverWebhookDelivery); null for an original.",
      resolve: (d) => (d.payload as WebhookPayload).redeliveryOf ?? null,
    }),
    createdAt: t.field({ type: "DateTime", resolve: (d) => d.createdAt }),
    deliveredAt: t.field({ type: "DateTime", nullable: true, resolve: (d) => d.deliveredAt }),
    nextAttemptAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the next attempt is due; null once the delivery succeeded or failed.",
      resolve: (d) => (d.status === "pending" ? d.nextAttemptAt : null),
    }),
  }),
});

const WebhookDeliveryConnectionRef = builder.connectionObject(
  { type: WebhookDeliveryRef, name: "WebhookDeliveryConnection" },
  { name: "WebhookDeliveryEdge" },
);

builder.queryFields((t) => ({
  webhooks: t.field({
    type: [WebhookRef],
    description: "Every registered webhook (admin scope).",
    authScopes: ADMIN,
    resolve: (_root, _args, ctx) => listWebhooks(ctx.reader.db),
  }),
  webhookDeliveries: t.connection(
    {
      type: WebhookDeliveryRef,
      description: "A webhook's delivery log, newest first (admin scope).",
      authScopes: ADMIN,
      args: {
        webhookId: t.arg.id({ required: true }),
        status: t.arg({ type: DeliveryStatusEnum }),
      },
      complexity: pageComplexity,
      resolve: async (_root, args, ctx) => {
        const query = {
          webhookId: plainId(args.webhookId, "webhookId"),
          status: args.status ?? undefined,
        };
        const page = keysetPage(args, timeCursor.decode);
        const rows = await listDeliveries(ctx.reader.db, query, page);
        return toConnection(
          rows,
          page,
          args,
          (r) => timeCursor.encode({ at: r.createdAt, id: r.id }),
          rows,
          () => countDeliveries(ctx.reader.db, query),
        );
      },
    },
    WebhookDeliveryConnectionRef,
  ),
}));

const CreateWebhookInputRef = builder.inputType("CreateWebhookInput", {
  fields: (t) => ({
    url: t.string({
      required: true,
      description: "https URL (http only for localhost); no credentials, no fragment.",
    }),
    eventTypes: t.stringList({
      required: true,
      description: 'One to 20 patterns: "announcement.published", "*.updated", "poll.*", "*".',
    }),
    description: t.string(),
  }),
});

const UpdateWebhookInputRef = builder.inputType("UpdateWebhookInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    url: t.string(),
    eventTypes: t.stringList(),
    description: t.string({ description: "null clears it." }),
    active: t.boolean(),
  }),
});

/** A webhook with its signing secret: the one time the secret is shown. */
interface WithSecret {
  webhook: WebhookRow;
  secret: string;
}

const SECRET_DESCRIPTION =
  "The signing secret (HMAC-SHA256 key of x-webhook-signature). Shown only here: store it now.";

const CreateWebhookSuccessRef = builder.objectRef<WithSecret>("CreateWebhookSuccess").implement({
  fields: (t) => ({
    webhook: t.field({ type: WebhookRef, resolve: (r) => r.webhook }),
    secret: t.exposeString("secret", { description: SECRET_DESCRIPTION }),
  }),
});

const RotateWebhookSecretSuccessRef = builder
  .objectRef<WithSecret>("RotateWebhookSecretSuccess")
  .implement({
    fields: (t) => ({
      webhook: t.field({ type: WebhookRef, resolve: (r) => r.webhook }),
      secret: t.exposeString("secret", {
        description: `${SECRET_DESCRIPTION} The old secret stops working at once, also for retries.`,
      }),
    }),
  });

const UpdateWebhookSuccessRef = builder
  .objectRef<{ webhook: WebhookRow }>("UpdateWebhookSuccess")
  .implement({
    fields: (t) => ({ webhook: t.field({ type: WebhookRef, resolve: (r) => r.webhook }) }),
  });

const DeleteWebhookSuccessRef = builder
  .objectRef<{ deletedId: number }>("DeleteWebhookSuccess")
  .implement({
    description: "The webhook and its delivery log are gone; pending deliveries are dropped.",
    fields: (t) => ({ deletedId: t.id({ resolve: (r) => String(r.deletedId) }) }),
  });

/** A URL whose host is an address (or localhost) deliveries may not reach is refused now. */
function reachable(destinations: Context["destinations"], url: string) {
  const refused = destinations.hostRefusal(new URL(url).hostname);
  if (refused)
    throw InputError.of(
      ["input", "url"],
      `Deliveries may not go to ${refused}; an operator can allow it with WEBHOOK_ALLOW_PRIVATE.`,
      "PRIVATE_ADDRESS",
    );
}

builder.mutationField("createWebhook", (t) =>
  t.field({
    type: CreateWebhookSuccessRef,
    description: "Register a partner endpoint (admin scope). The result shows the secret once.",
    authScopes: ADMIN,
    args: { input: t.arg({ type: CreateWebhookInputRef, required: true }) },
    errors: { types: [InputError], directResult: true, union: { name: "CreateWebhookResult" } },
    resolve: async (_root, { input }, ctx) => {
      const values = parseInput(createWebhookInput, input, ["input"]);
      reachable(ctx.destinations, values.url);
      const secret = generateSigningSecret();
      const webhook = await insertWebhook(ctx.primary, {
        ...values,
        secretCiphertext: encryptSecret(ctx.keys.webhookSecrets, secret),
        createdAt: ctx.reader.now,
      });
      return { webhook, secret };
    },
  }),
);

builder.mutationField("updateWebhook", (t) =>
  t.field({
    type: UpdateWebhookSuccessRef,
    description: "Change a webhook's URL, event types, description, or switch it off and on.",
    authScopes: ADMIN,
    args: { input: t.arg({ type: UpdateWebhookInputRef, required: true }) },
    errors: {
      types: [InputError, NotFoundError],
      directResult: true,
      union: { name: "UpdateWebhookResult" },
    },
    resolve: async (_root, { input }, ctx) => {
      const id = plainId(input.id, "input.id");
      const { id: _id, ...fields } = input;
      const patch = parseInput(updateWebhookInput, fields, ["input"]);
      if (patch.url) reachable(ctx.destinations, patch.url);
      const webhook = await updateWebhook(ctx.primary, id, patch);
      if (!webhook) throw new NotFoundError(String(input.id));
      return { webhook };
    },
  }),
);

builder.mutationField("deleteWebhook", (t) =>
  t.field({
    type: DeleteWebhookSuccessRef,
    description: "Remove a webhook with its delivery log.",
    authScopes: ADMIN,
    args: { id: t.arg.id({ required: true }) },
    errors: { types: [NotFoundError], directResult: true, union: { name: "DeleteWebhookResult" } },
    resolve: async (_root, args, ctx) => {
      const id = plainId(args.id, "id");
      if (!(await deleteWebhook(ctx.primary, id))) throw new NotFoundError(String(args.id));
      return { deletedId: id };
    },
  }),
);

builder.mutationField("rotateWebhookSecret", (t) =>
  t.field({
    type: RotateWebhookSecretSuccessRef,
    description: "Replace a webhook's signing secret; the new one is shown once.",
    authScopes: ADMIN,
    args: { id: t.arg.id({ required: true }) },
    errors: {
      types: [NotFoundError],
      directResult: true,
      union: { name: "RotateWebhookSecretResult" },
    },
    resolve: async (_root, args, ctx) => {
      const id = plainId(args.id, "id");
      const secret = generateSigningSecret();
      const webhook = await setWebhookSecret(
        ctx.primary,
        id,
        encryptSecret(ctx.keys.webhookSecrets, secret),
      );
      if (!webhook) throw new NotFoundError(String(args.id));
      return { webhook, secret };
    },
  }),
);

builder.objectType(WebhookDisabledError, {
  name: "WebhookDisabledError",
  description: "The webhook is switched off (active: false): nothing is sent to it.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof WebhookDisabledError,
  fields: (t) => ({ webhookId: t.exposeID("webhookId") }),
});

/**
 * Why nothing can be sent to a webhook: it is gone (NotFoundError, for the id the caller
 * gave) or switched off. After a send found none active, the row is read again: one switched
 * off and on again meanwhile reads as disabled, and the admin simply retries.
 */
function refusal(webhook: WebhookRow | null, given: string): Error {
  return webhook ? new WebhookDisabledError(String(webhook.id)) : new NotFoundError(given);
}

/** The delivery a "send now" made, read back with its outcome recorded. */
async function sent(ctx: Context, deliveryId: number) {
  const delivery = await deliveryById(ctx.reader.db, deliveryId);
  if (!delivery) throw new Error(`delivery ${deliveryId} vanished`);
  return { delivery };
}

const TestWebhookSuccessRef = builder
  .objectRef<{ delivery: DeliveryRow }>("TestWebhookSuccess")
  .implement({
    description: "The ping was sent: its delivery, with the endpoint's answer.",
    fields: (t) => ({
      delivery: t.field({ type: WebhookDeliveryRef, resolve: (r) => r.delivery }),
    }),
  });

const RedeliverWebhookDeliverySuccessRef = builder
  .objectRef<{ delivery: DeliveryRow }>("RedeliverWebhookDeliverySuccess")
  .implement({
    description: "The body went out again: the new delivery, with the endpoint's answer.",
    fields: (t) => ({
      delivery: t.field({ type: WebhookDeliveryRef, resolve: (r) => r.delivery }),
    }),
  });

builder.mutationField("testWebhook", (t) =>
  t.field({
    type: TestWebhookSuccessRef,
    description:
      'Send a signed ping (event type "ping") to the webhook now and answer with its delivery: status, lastStatusCode, lastError. One attempt, no retries.',
    authScopes: ADMIN,
    args: { id: t.arg.id({ required: true }) },
    errors: {
      types: [NotFoundError, WebhookDisabledError],
      directResult: true,
      union: { name: "TestWebhookResult" },
    },
    resolve: async (_root, args, ctx) => {
      const given = String(args.id);
      const webhook = await webhookById(ctx.reader.db, plainId(args.id, "id"));
      if (!webhook?.active) throw refusal(webhook, given);
      const deliveryId = await ctx.webhooks.ping(webhook);
      // Deleted or switched off a moment ago.
      if (deliveryId === null) throw refusal(await webhookById(ctx.reader.db, webhook.id), given);
      return sent(ctx, deliveryId);
    },
  }),
);

builder.mutationField("redeliverWebhookDelivery", (t) =>
  t.field({
    type: RedeliverWebhookDeliverySuccessRef,
    description:
      "Send a delivery's body again now, as a new delivery (its own id; redeliveryOf names this one), retried like any other if it fails.",
    authScopes: ADMIN,
    args: { id: t.arg.id({ required: true, description: "The delivery to send again." }) },
    errors: {
      types: [NotFoundError, WebhookDisabledError],
      directResult: true,
      union: { name: "RedeliverWebhookDeliveryResult" },
    },
    resolve: async (_root, args, ctx) => {
      const id = plainId(args.id, "id");
      const given = String(args.id);
      const original = await deliveryById(ctx.reader.db, id);
      if (!original) throw new NotFoundError(given);
      // A webhook's deletion takes its log along: gone, the delivery is not found either.
      const webhookOf = () => webhookById(ctx.reader.db, original.webhookId);
      const webhook = await webhookOf();
      if (!webhook?.active) throw refusal(webhook, given);
      const deliveryId = await ctx.webhooks.redeliver(id);
      // Deleted or switched off a moment ago.
      if (deliveryId === null) throw refusal(await webhookOf(), given);
      return sent(ctx, deliveryId);
    },
  }),
);
