/**
 * Plumbing of live updates over Server-Sent Events (Yoga's transport: POST or GET /graphql
 * with Accept: text/event-stream). Subscriptions listen on the event bus in cluster scope, so
 * with Redis an event on any instance reaches subscribers on every instance.
 */
import { Repeater } from "graphql-yoga";
import type { Context } from "./context.js";

/** setTimeout overflows past ~24.8 days (and then fires at once): wait in steps instead. */
const MAX_TIMER_MS = 2_147_000_000;

/** Run `fn` when `clock` reaches `when`, however far away that is. */
export function at(when: Date, clock: () => Date, fn: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = when.getTime() - clock().getTime();
    timer = wait > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(fn, Math.max(0, wait));
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

/**
 * A stream of values for one subscription: `setup` starts pushing and returns its cleanup.
 * The stream ends when the server shuts down, when the client leaves, or when `stop` is called.
 */
export function stream<T>(
  ctx: Context,
  setup: (push: (value: T) => void, stop: () => void) => Promise<() => void>,
): AsyncIterable<T> {
  return new Repeater<T>(async (push, stop) => {
    const end = () => stop();
    ctx.shutdown.addEventListener("abort", end);
    let cleanup = () => {};
    try {
      cleanup = await setup((v) => void push(v), end);
    } catch (error) {
      stop(error);
    }
    await stop;
    ctx.shutdown.removeEventListener("abort", end);
    cleanup();
  });
}
