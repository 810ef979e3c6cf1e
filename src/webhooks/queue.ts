/**
 * The delivery queue: deliveries queued for events, claimed by senders under a lease, and
 * their outcomes recorded. The log's reads and the webhooks themselves are in store.ts.
 */
import { and, arrayOverlaps, count, eq, type SQL, sql } from "drizzle-orm";
import { type Db, rowsOf } from "../db/client.js";
import { webhookDeliveries, webhooks } from "./table.js";

/** Whether any active webhook subscribes to one of these patterns. */
export async function hasSubscribers(db: Db, patterns: string[]): Promise<boolean> {
  const [row] = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.active, true), arrayOverlaps(webhooks.eventTypes, patterns)))
    .limit(1);
  return row !== undefined;
}

/**
 * Queue one pending delivery per active webhook subscribed to the event type, in one
 * statement. `patterns` are all the patterns that select the type, so matching is an array
 * overlap. Ids are drawn from the identity sequence first so the stored payload can carry
 * its own delivery id (partners dedupe on it); `payload` is everything else.
 */
export async function enqueueDeliveries(
  db: Db,
  args: { eventType: string; patterns: string[]; payload: object; at: Date },
): Promise<{ id: number; webhookId: number }[]> {
  const patterns = sql.join(
    args.patterns.map((p) => sql`${p}`),
    sql`, `,
  );
  const at = args.at.toISOString();
  const result = await db.execute(sql`
    insert into ${webhookDeliveries}
      (id, webhook_id, event_type, payload, status, attempts, next_attempt_at, created_at)
    select n.id, n.webhook_id, ${args.eventType},
           jsonb_build_object('id', n.id::text) || ${JSON.stringify(args.payload)}::jsonb,
           'pending', 0, ${at}::timestamptz, ${at}::timestamptz
    from (
      select nextval(pg_get_serial_sequence('webhook_deliveries', 'id'))::int as id,
             w.id as webhook_id
      from ${webhooks} w
      where w.active and w.event_types && array[${patterns}]::text[]
      order by w.id
    ) n
    returning id, webhook_id`);
  return rowsOf<{ id: number; webhook_id: number }>(result).map((r) => ({
    id: Number(r.id),
    webhookId: Number(r.webhook_id),
  }));
}

/** A delivery the sender has claimed, with what it needs to send it. */
export interface ClaimedDelivery {
  id: number;
  webhookId: number;
  eventType: string;
  payload: unknown;
  /** This attempt's number, from 1 (counted when claimed, so a crash mid-send still counts). */
  attempts: number;
  url: string;
  secretCiphertext: string;
  /** False: the webhook was deactivated and the delivery has just been marked failed. */
  active: boolean;
}

/**
 * Claim up to `limit` due deliveries for this instance. Due rows are locked with
 * FOR UPDATE SKIP LOCKED, so concurrent claimers (other instances on the same database) skip
 * them instead of waiting, and leased: `next_attempt_at` moves to `leaseUntil`, so once this
 * statement commits no other claimer sees them as due until the lease runs out (a sender that
 * died mid-delivery). Deliveries of deactivated webhooks are failed in the same statement.
 */
export async function claimDueDeliveries(
  db: Db,
  args: { now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedDelivery[]> {
  const result = await db.execute(sql`
    with due as (
      select id from ${webhookDeliveries}
      where status = 'pending' and next_attempt_at <= ${args.now.toISOString()}::timestamptz
      order by next_attempt_at, id
      limit ${args.limit}
      for update skip locked
    )
    update ${webhookDeliveries} d
    set attempts = d.attempts + (case when w.active then 1 else 0 end),
        next_attempt_at = case when w.active then ${args.leaseUntil.toISOString()}::timestamptz
                               else d.next_attempt_at end,
        status = case when w.active then d.status else 'failed'::delivery_status end,
        last_error = case when w.active then d.last_error else 'webhook disabled' end
    from due, ${webhooks} w
    where d.id = due.id and w.id = d.webhook_id
    returning d.id, d.webhook_id, d.event_type, d.payload, d.attempts,
              w.url, w.secret_ciphertext, w.active`);
  return claimedRows(result);
}

/** Rows of raw statements that return a delivery with its webhook's url, secret and state. */
function claimedRows(result: unknown): ClaimedDelivery[] {
  return rowsOf<{
    id: number;
    webhook_id: number;
    event_type: string;
    payload: unknown;
    attempts: number;
    url: string;
    secret_ciphertext: string;
    active: boolean;
  }>(result).map((r) => ({
    id: Number(r.id),
    webhookId: Number(r.webhook_id),
    eventType: r.event_type,
    // postgres.js parses jsonb from raw statements; stay safe if a driver hands back text.
    payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
    attempts: Number(r.attempts),
    url: r.url,
    secretCiphertext: r.secret_ciphertext,
    active: r.active,
  }));
}

/**
 * Insert one delivery already claimed by its inserter (attempt 1 under way, leased until
 * `leaseUntil`), for an admin's "send now": no background sender can take it meanwhile, and
 * if this process dies mid-send it goes out again when the lease ends, as any delivery would.
 * `source` selects one row of (webhook_id, event_type, payload) for an active webhook; the
 * delivery id is drawn first and set as the payload's `id`. Null when `source` found nothing.
 */
async function insertClaimed(
  db: Db,
  source: SQL,
  times: { at: Date; leaseUntil: Date },
): Promise<ClaimedDelivery | null> {
  const result = await db.execute(sql`
    with d as (
      insert into ${webhookDeliveries}
        (id, webhook_id, event_type, payload, status, attempts, next_attempt_at, created_at)
      select n.id, n.webhook_id, n.event_type, n.payload || jsonb_build_object('id', n.id::text),
             'pending', 1, ${times.leaseUntil.toISOString()}::timestamptz,
             ${times.at.toISOString()}::timestamptz
      from (
        select nextval(pg_get_serial_sequence('webhook_deliveries', 'id'))::int as id, s.*
        from (${source}) s
      ) n
      returning id, webhook_id, event_type, payload, attempts
    )
    select d.*, w.url, w.secret_ciphertext, w.active
    from d join ${webhooks} w on w.id = d.webhook_id`);
  return claimedRows(result)[0] ?? null;
}

/** A ping (event type "ping") to an active webhook, claimed for sending now; null: none such. */
export function insertPing(
  db: Db,
  args: { webhookId: number; payload: object; at: Date; leaseUntil: Date },
): Promise<ClaimedDelivery | null> {
  const source = sql`select w.id as webhook_id, 'ping' as event_type,
      ${JSON.stringify(args.payload)}::jsonb as payload
    from ${webhooks} w where w.id = ${args.webhookId} and w.active`;
  return insertClaimed(db, source, args);
}

/**
 * A new delivery of an earlier one's body, to the same active webhook, claimed for sending
 * now: its own id, and `redeliveryOf` naming the delivery it repeats. Null: none such.
 */
export function insertRedelivery(
  db: Db,
  args: { deliveryId: number; at: Date; leaseUntil: Date },
): Promise<ClaimedDelivery | null> {
  const source = sql`select o.webhook_id, o.event_type,
      o.payload || jsonb_build_object('redeliveryOf', o.id::text) as payload
    from ${webhookDeliveries} o join ${webhooks} w on w.id = o.webhook_id
    where o.id = ${args.deliveryId} and w.active`;
  return insertClaimed(db, source, args);
}

/**
 * Only the claimer of this very attempt may record its outcome: if its lease ran out and
 * another instance claimed the delivery again, `attempts` has moved on and nothing changes.
 */
function ownAttempt(claim: { id: number; attempts: number }): SQL | undefined {
  return and(
    eq(webhookDeliveries.id, claim.id),
    eq(webhookDeliveries.attempts, claim.attempts),
    eq(webhookDeliveries.status, "pending"),
  );
}

/** The endpoint accepted the delivery. False when the attempt was no longer this claimer's. */
export async function recordDeliverySuccess(
  db: Db,
  claim: { id: number; attempts: number },
  outcome: { statusCode: number; at: Date },
): Promise<boolean> {
  const rows = await db
    .update(webhookDeliveries)
    .set({
      status: "succeeded",
      deliveredAt: outcome.at,
      lastStatusCode: outcome.statusCode,
      lastError: null,
    })
    .where(ownAttempt(claim))
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

/**
 * The attempt failed: retry at `retryAt`, or give up (status failed) when it is null.
 * False when the attempt was no longer this claimer's.
 */
export async function recordDeliveryFailure(
  db: Db,
  claim: { id: number; attempts: number },
  outcome: { statusCode: number | null; error: string; retryAt: Date | null },
): Promise<boolean> {
  const rows = await db
    .update(webhookDeliveries)
    .set({
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      ...(outcome.retryAt ? { nextAttemptAt: outcome.retryAt } : { status: "failed" as const }),
    })
    .where(ownAttempt(claim))
    .returning({ id: webhookDeliveries.id });
  return rows.length > 0;
}

/** Pending deliveries left in the queue, due or not (for `idle()` and operators). */
export async function countPendingDeliveries(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, "pending"));
  return row?.n ?? 0;
}
