import { type WebhookOptions, WebhookSender } from "./sender.js";

/** Partner webhooks: deliveries queued on each public change, sent in the background. */
export function installWebhooks(
  options: WebhookOptions,
): Pick<WebhookSender, "onEvent" | "start" | "ping" | "redeliver"> {
  const sender = new WebhookSender(options);
  return {
    onEvent: (event) => sender.onEvent(event),
    start: () => sender.start(),
    // An admin's "send now" (testWebhook, redeliverWebhookDelivery).
    ping: (webhook) => sender.ping(webhook),
    redeliver: (deliveryId) => sender.redeliver(deliveryId),
  };
}
