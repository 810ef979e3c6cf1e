/** contentPublished: each entry as it is published, over SSE. */
import { isPublicContentEvent } from "../../bus/events.js";
import { clientError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import { refreshContext } from "../../graphql/context.js";
import { stream } from "../../graphql/subscriptions.js";
import type { ContentType } from "../../registry.js";
import { ContentRef, ContentTypeEnum } from "./graphql.js";

builder.subscriptionField("contentPublished", (t) =>
  t.field({
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
      const entry = await ctx.reader.entryOf(ref.type, ref.id);
      if (!entry) throw clientError("NOT_FOUND", "That entry is no longer published.");
      return entry;
    },
  }),
);
