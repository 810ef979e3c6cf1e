import { EventBus } from "../events.js";
import type { Keys } from "../secrets.js";

/** Feeds read public content only and never sign, hash or decrypt anything. */
const unusable = Buffer.alloc(0);
export const NO_KEYS: Keys = { preview: unusable, voter: unusable, webhookSecrets: unusable };

/** Feeds never write, so nothing is ever published on this bus. */
export const NO_BUS = new EventBus();
