import { and, asc, count, eq, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { type KeysetPage, keysetOrder, keysetWhere } from "../db/keyset.js";
import { webhookDeliveries, webhooks } from "./table.js";

/** A webhook as admins see it: everything but the encrypted secret. */
export type WebhookRow = Omit<typeof webhooks.$inferSelect, "secretCiphertext">;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type DeliveryStatus = DeliveryRow["status"];

// The secret's ciphertext is only ever read by the sender (claimDueDeliveries).
const webhookColumns = {
  id: webhooks.id,
  url: webhooks.url,
  description: webhooks.description,
  eventTypes: webhooks.eventTypes,
  active: webhooks.active,
  createdAt: webhooks.createdAt,
};

export async function insertWebhook(
  db: Db,
  values: {
    url: string;
    description: string | null;
    eventTypes: string[];
    secretCiphertext: string;
    createdAt: Date;
  },
): Promise<WebhookRow> {
  const [row] = await db.insert(webhooks).values(values).returning(webhookColumns);
  if (!row) throw new Error("webhook was not stored");
  return row;
}

/** Apply a partial update; null when there is no such webhook. */
export async function updateWebhook(
  db: Db,
  id: number,
  patch: { url?: string; description?: string | null; eventTypes?: string[]; active?: boolean },
): Promise<WebhookRow | null> {
  // Drizzle refuses an empty SET; an update that changes nothing reads the row instead.
  if (Object.values(patch).every((v) => v === undefined)) return webhookById(db, id);
  const set: Partial<typeof webhooks.$inferInsert> = {};
  if (patch.url !== undefined) set.url = patch.url;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.eventTypes !== undefined) set.eventTypes = patch.eventTypes;
  if (patch.active !== undefined) set.active = patch.active;
  const [row] = await db
    .update(webhooks)
    .set(set)
    .where(eq(webhooks.id, id))
    .returning(webhookColumns);
  return row ?? null;
}

/** Replace the signing secret; null when there is no such webhook. */
export async function setWebhookSecret(
  db: Db,
  id: number,
  secretCiphertext: string,
): Promise<WebhookRow | null> {
  const [row] = await db
    .update(webhooks)
    .set({ secretCiphertext })
    .where(eq(webhooks.id, id))
    .returning(webhookColumns);
  return row ?? null;
}

/** Delete a webhook and (by cascade) its delivery log; false when there was none. */
export async function deleteWebhook(db: Db, id: number): Promise<boolean> {
  const rows = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  return rows.length > 0;
}

export async function webhookById(db: Db, id: number): Promise<WebhookRow | null> {
  const [row] = await db.select(webhookColumns).from(webhooks).where(eq(webhooks.id, id));
  return row ?? null;
}

/** Every webhook, in registration order (a handful per site: no paging). */
export function listWebhooks(db: Db): Promise<WebhookRow[]> {
  return db.select(webhookColumns).from(webhooks).orderBy(asc(webhooks.id));
}

export interface DeliveryQuery {
  webhookId: number;
  status?: DeliveryStatus;
}

function deliveryConditions(q: DeliveryQuery): SQL | undefined {
  return and(
    eq(webhookDeliveries.webhookId, q.webhookId),
    q.status ? eq(webhookDeliveries.status, q.status) : undefined,
  );
}

/** One keyset page of a webhook's delivery log, newest first on (created_at, id). */
export function listDeliveries(db: Db, q: DeliveryQuery, page: KeysetPage): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        deliveryConditions(q),
        ...keysetWhere(page, webhookDeliveries.createdAt, webhookDeliveries.id),
      ),
    )
    .orderBy(...keysetOrder(page, webhookDeliveries.createdAt, webhookDeliveries.id))
    .limit(page.limit);
}

export async function countDeliveries(db: Db, q: DeliveryQuery): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(deliveryConditions(q));
  return row?.n ?? 0;
}

export async function deliveryById(db: Db, id: number): Promise<DeliveryRow | null> {
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row ?? null;
}
