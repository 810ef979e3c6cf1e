/** Previews: a signed token showing one unpublished entry, and the query that reads it. */
import { DEFAULT_PREVIEW_TTL_S, MAX_PREVIEW_TTL_S, mintPreviewToken } from "../../auth/previews.js";
import { InputError, NotFoundError } from "../../errors.js";
import { builder } from "../../graphql/builder.js";
import type { Context } from "../../graphql/context.js";
import { decodeEntryId, encodeEntryId } from "../../read/ids.js";
import type { EntryRecord } from "../../read/reader.js";
import { entryPath } from "../../read/urls.js";
import { previewUrl } from "../../text/preview-url.js";
import { ContentRef } from "./graphql.js";

interface PreviewShape {
  token: string;
  expiresAt: Date;
  content: EntryRecord;
}

/**
 * The site's preview link (PREVIEW_URL filled in), or null when none is configured: the API
 * has no page of its own a token opens (it is a header), so there is nothing to fall back to.
 * A pending edit is shown where it will be published: at its live entry's path and slug.
 */
async function sitePreviewUrl({ token, content }: PreviewShape, ctx: Context) {
  const template = ctx.reader.urls.preview;
  if (!template) return null;
  const live = content.revisionOf == null ? null : await ctx.reader.entry(content.revisionOf);
  const page = live ?? content;
  return previewUrl(template, {
    token,
    path: entryPath(page),
    type: content.type,
    slug: page.slug,
    id: encodeEntryId(content.type, content.id),
  });
}

const PreviewTokenRef = builder.objectRef<PreviewShape>("PreviewToken").implement({
  description:
    "Send `token` as the X-Preview-Token header to read this one entry (Query.preview, node, by slug).",
  fields: (t) => ({
    token: t.exposeString("token"),
    expiresAt: t.field({ type: "DateTime", resolve: (p) => p.expiresAt }),
    content: t.field({ type: ContentRef, resolve: (p) => p.content }),
    previewUrl: t.string({
      nullable: true,
      description:
        "The site's preview route for this entry (PREVIEW_URL with {token}, {path}, {type}, {slug}, {id} filled in, URL-encoded), for an editor to open; null when PREVIEW_URL is not configured.",
      resolve: (p, _args, ctx) => sitePreviewUrl(p, ctx),
    }),
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
