/** Previews: a signed token showing one unpublished entry, and the query that reads it. */
import { DEFAULT_PREVIEW_TTL_S, MAX_PREVIEW_TTL_S, mintPreviewToken } from "../../auth/previews.js";
import { InputError, NotFoundError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import { decodeEntryId } from "../../read/ids.js";
import type { EntryRecord } from "../../read/reader.js";
import { ContentRef } from "./graphql.js";

const PreviewTokenRef = builder
  .objectRef<{ token: string; expiresAt: Date; content: EntryRecord }>("PreviewToken")
  .implement({
    description:
      "Send `token` as the X-Preview-Token header to read this one entry (Query.preview, node, by slug).",
    fields: (t) => ({
      token: t.exposeString("token"),
      expiresAt: t.field({ type: "DateTime", resolve: (p) => p.expiresAt }),
      content: t.field({ type: ContentRef, resolve: (p) => p.content }),
    }),
  });

builder.mutationField("createPreviewToken", (t) =>
  t.field({
    type: PreviewTokenRef,
    description: `A signed, read-only token showing one entry (draft, scheduled, or pending edit) to whoever holds it, for ttlSeconds (default ${DEFAULT_PREVIEW_TTL_S}, at most ${MAX_PREVIEW_TTL_S}).`,
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "preview" } },
    args: { id: t.arg.id({ required: true }), ttlSeconds: t.arg.int() },
    resolve: async (_root, args, ctx) => {
      const ttl = args.ttlSeconds ?? DEFAULT_PREVIEW_TTL_S;
      if (ttl < 1 || ttl > MAX_PREVIEW_TTL_S) {
        throw InputError.of(
          ["ttlSeconds"],
          `must be between 1 and ${MAX_PREVIEW_TTL_S}`,
          "OUT_OF_RANGE",
        );
      }
      const ref = decodeEntryId(String(args.id));
      const content = ref ? await ctx.reader.reload(ref.type, ref.id) : null;
      if (!ref || !content) throw new NotFoundError(String(args.id));
      const expiresAt = new Date(ctx.reader.now.getTime() + ttl * 1000);
      return { token: mintPreviewToken(ctx.keys.preview, ref.id, expiresAt), expiresAt, content };
    },
  }),
);

builder.queryField("preview", (t) =>
  t.field({
    type: ContentRef,
    nullable: true,
    description: "With an X-Preview-Token header: the entry it shows (null without one).",
    resolve: (_root, _args, ctx) =>
      ctx.reader.viewer.kind === "preview" ? ctx.reader.entry(ctx.reader.viewer.contentId) : null,
  }),
);
