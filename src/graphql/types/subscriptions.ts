/**
 * Live updates over Server-Sent Events (Yoga's transport: POST or GET /graphql with
 * Accept: text/event-stream). Both listen on the event bus in cluster scope, so with Redis a
 * vote or a publication on any instance reaches subscribers on every instance.
 */
import { GraphQLError } from "graphql";
import { Repeater } from "graphql-yoga";
import { type Context, refreshContext } from "../../context.js";
import type { ContentType } from "../../db/repos/content.js";
import { isPublicContentEvent } from "../../events.js";
import type { ContentNode, PollNode } from "../../loaders/content.js";
import { pollStatus } from "../../polls/results.js";
import { builder } from "../builder.js";
import { decodeIdOf } from "../ids.js";
import { ContentRef, ContentTypeEnum } from "./content.js";
import { PollRef } from "./poll.js";

/** At most this many pushes per second per subscription, whatever the vote rate (trailing edge kept). */
const PUSHES_PER_SECOND = 4;

/** setTimeout overflows past ~24.8 days (and then fires at once): wait in steps instead. */
const MAX_TIMER_MS = 2_147_000_000;

/** Run `fn` when `clock` reaches `when`, however far away that is. */
function at(when: Date, clock: () => Date, fn: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = when.getTime() - clock().getTime();
    timer = wait > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(fn, Math.max(0, wait));
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

/** Repeater plumbing shared by both subscriptions: ends on shutdown and when the client leaves. */
function stream<T>(
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

builder.subscriptionType({ description: "Over SSE: send Accept: text/event-stream." });

builder.subscriptionFields((t) => ({
  pollResults: t.field({
    type: PollRef,
    description:
      "The poll now, then again after votes (at most 4 updates a second), with counts only if you may see them (send X-Voter-Key for AFTER_VOTE). Ends when the poll closes.",
    args: { pollId: t.arg.id({ required: true }) },
    subscribe: (_root, args, ctx) => {
      const pollId = decodeIdOf("Poll", String(args.pollId), "pollId");
      return stream<number>(ctx, async (push, stop) => {
        const poll = (await ctx.loaders.poll.load(pollId)) as PollNode | null;
        if (!poll) throw new GraphQLError("No such poll.", { extensions: { code: "NOT_FOUND" } });
        push(pollId);
        if (pollStatus(poll, ctx.clock()) === "closed") {
          stop();
          return () => {};
        }
        let last = 0;
        let trailing: NodeJS.Timeout | null = null;
        const interval = 1000 / PUSHES_PER_SECOND;
        const unsubscribe = ctx.bus.subscribe((event) => {
          if (event.kind !== "voted" || event.pollId !== pollId || trailing) return;
          const wait = Math.max(0, last + interval - Date.now());
          trailing = setTimeout(() => {
            trailing = null;
            last = Date.now();
            push(pollId);
          }, wait);
        }, "cluster");
        // The final state at the close, then a clean end.
        const closing = poll.closesAt
          ? at(poll.closesAt, ctx.clock, () => {
              push(pollId);
              stop();
            })
          : null;
        return () => {
          unsubscribe();
          if (trailing) clearTimeout(trailing);
          closing?.cancel();
        };
      });
    },
    resolve: async (pollId, _args, ctx) => {
      refreshContext(ctx);
      const poll = await ctx.loaders.poll.load(pollId);
      if (!poll)
        throw new GraphQLError("The poll is no longer available.", {
          extensions: { code: "NOT_FOUND" },
        });
      return poll;
    },
  }),
  contentPublished: t.field({
    type: ContentRef,
    description: "Each entry as it is published (optionally only some types).",
    args: { types: t.arg({ type: [ContentTypeEnum] }) },
    subscribe: (_root, args, ctx) => {
      const types = args.types?.length ? new Set<ContentType>(args.types) : null;
      return stream<{ id: number; type: ContentType }>(ctx, async (push) =>
        ctx.bus.subscribe((event) => {
          if (!isPublicContentEvent(event) || event.kind !== "published") return;
          if (!types || types.has(event.type)) push({ id: event.id, type: event.type });
        }, "cluster"),
      );
    },
    resolve: async (ref, _args, ctx) => {
      refreshContext(ctx);
      const node = (await ctx.loaders.byType[ref.type].load(ref.id)) as ContentNode | null;
      if (!node)
        throw new GraphQLError("That entry is no longer published.", {
          extensions: { code: "NOT_FOUND" },
        });
      return node;
    },
  }),
}));
