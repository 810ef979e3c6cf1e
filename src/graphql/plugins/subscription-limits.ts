import { isAsyncIterable, type Plugin } from "graphql-yoga";
import { tooManySubscriptions } from "../../errors.js";
import type { Context } from "../context.js";

export interface SubscriptionLimits {
  /** Open live-update streams one client address may hold (429 past it). */
  perClient: number;
  /** Open streams this instance serves in all (503 past it). */
  total: number;
}

/**
 * Caps on open subscriptions: each holds a socket, a file descriptor and bus listeners for as
 * long as the client keeps it (one address held 1,500: +80 MB, +1,500 descriptors). A slot is
 * taken before the stream starts and given back when it ends, however it ends.
 */
export function useSubscriptionLimits(limits: SubscriptionLimits): Plugin<Context> {
  const perClient = new Map<string, number>();
  let total = 0;
  const take = (client: string) => {
    total++;
    perClient.set(client, (perClient.get(client) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      total--;
      const left = (perClient.get(client) ?? 1) - 1;
      if (left > 0) perClient.set(client, left);
      else perClient.delete(client);
    };
  };
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const { client } = args.contextValue;
      const refusal =
        (perClient.get(client) ?? 0) >= limits.perClient
          ? tooManySubscriptions("client", limits.perClient)
          : total >= limits.total
            ? tooManySubscriptions("instance", limits.total)
            : null;
      if (refusal) {
        setResultAndStopExecution({ errors: [refusal] });
        return;
      }
      const release = take(client);
      return {
        onSubscribeResult({ result }) {
          if (!isAsyncIterable(result)) {
            release();
            return;
          }
          return { onEnd: release };
        },
        onSubscribeError: release,
      };
    },
  };
}
