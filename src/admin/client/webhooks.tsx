/** Partner webhooks (admin scope): each with its recent deliveries, a test ping, redelivery. */
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { Notice, when } from "./ui";

interface Delivery {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  redeliveryOf: string | null;
}
interface Hook {
  id: string;
  url: string;
  description: string | null;
  active: boolean;
  eventTypes: string[];
  deliveries: Delivery[];
}

const DELIVERY = "id eventType status attempts lastStatusCode lastError createdAt redeliveryOf";
const HOOKS = "{ webhooks { id url description active eventTypes } }";
const DELIVERIES = `query($id: ID!) { webhookDeliveries(webhookId: $id, first: 5) { edges { node { ${DELIVERY} } } } }`;
const TEST = `mutation($id: ID!) { testWebhook(id: $id) { __typename ... on Error { message }
  ... on TestWebhookSuccess { delivery { ${DELIVERY} } } } }`;
const REDELIVER = `mutation($id: ID!) { redeliverWebhookDelivery(id: $id) { __typename ... on Error { message }
  ... on RedeliverWebhookDeliverySuccess { delivery { ${DELIVERY} } } } }`;

const DELIVERY_STATUS: Record<string, string> = {
  SUCCEEDED: "delivered",
  FAILED: "failed",
  PENDING: "pending",
};
const statusOf = (d: Delivery) => DELIVERY_STATUS[d.status] ?? d.status;

export function WebhooksPage() {
  const [hooks, setHooks] = useState<Hook[] | null>(null);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const load = async () => {
    const { webhooks } = await gql<{ webhooks: Omit<Hook, "deliveries">[] }>(HOOKS);
    const withDeliveries = await Promise.all(
      webhooks.map(async (h) => {
        const d = await gql<{ webhookDeliveries: { edges: { node: Delivery }[] } }>(DELIVERIES, {
          id: h.id,
        });
        return { ...h, deliveries: d.webhookDeliveries.edges.map((e) => e.node) };
      }),
    );
    setHooks(withDeliveries);
  };
  useEffect(() => {
    load().catch((e: Error) => setMessage({ kind: "error", text: e.message }));
  }, []);
  const act = async (name: string, query: string, id: string, done: string) => {
    setMessage(null);
    try {
      const data = await gql<
        Record<string, { __typename: string; message?: string; delivery?: Delivery }>
      >(query, { id });
      const out = data[name];
      if (out?.delivery) {
        const d = out.delivery;
        setMessage({
          kind: d.status === "FAILED" ? "error" : "ok",
          text: `${done}: ${statusOf(d)}${d.lastStatusCode ? ` (HTTP ${d.lastStatusCode})` : ""}${d.lastError ? ` — ${d.lastError}` : ""}`,
        });
      } else setMessage({ kind: "error", text: out?.message ?? "Refused." });
      await load();
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    }
  };
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        Webhooks
      </h1>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {hooks && hooks.length === 0 ? (
        <p>No webhooks yet: register one with the createWebhook mutation (docs/webhooks.md).</p>
      ) : null}
      {hooks?.map((h) => (
        <section class="panel" key={h.id} aria-labelledby={`hook-${h.id}`}>
          <h2 id={`hook-${h.id}`}>{h.description || h.url}</h2>
          <p>
            {h.url} · {h.active ? "active" : "switched off"} · events:{" "}
            {h.eventTypes.join(", ") || "all"}
          </p>
          <button type="button" onClick={() => act("testWebhook", TEST, h.id, "Test ping")}>
            Send a test ping
          </button>
          <table class="entries">
            <caption>Recent deliveries</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Answer</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {h.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{when(d.createdAt)}</td>
                  <td>
                    {d.eventType}
                    {d.redeliveryOf ? ` (again: #${d.redeliveryOf})` : ""}
                  </td>
                  <td>
                    {statusOf(d)} after {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                  </td>
                  <td>{d.lastStatusCode ?? d.lastError ?? "—"}</td>
                  <td>
                    <button
                      type="button"
                      class="small"
                      onClick={() =>
                        act(
                          "redeliverWebhookDelivery",
                          REDELIVER,
                          d.id,
                          `Delivery #${d.id} sent again`,
                        )
                      }
                    >
                      Redeliver #{d.id}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </section>
  );
}
