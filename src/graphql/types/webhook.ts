// Admin API for partner webhooks (issue 5, item 7): filled in by the webhook work.
export {};
