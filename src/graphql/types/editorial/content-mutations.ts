/**
 * Editorial mutations for the four content types (scope editor): create and partial update
 * per type; publish, schedule, unpublish, delete and preview tokens for any entry.
 */
import type { Context } from "../../../context.js";
import type { ContentType } from "../../../db/repos/content.js";
import {
  DEFAULT_PREVIEW_TTL_S,
  MAX_PREVIEW_TTL_S,
  mintPreviewToken,
} from "../../../editorial/previews.js";
import {
  createEntry,
  deleteEntry,
  type EditorialDeps,
  publishEntry,
  scheduleEntry,
  unpublishEntry,
  updateEntry,
} from "../../../editorial/service.js";
import type { ContentNode } from "../../../loaders/content.js";
import { ConflictError, InputError, NotFoundError } from "../../../validation.js";
import { builder } from "../../builder.js";
import { decodeId, type NodeTypeName } from "../../ids.js";
import { AnnouncementRef } from "../announcement.js";
import { ContentRef } from "../content.js";
import { EventRef } from "../event.js";
import { IssueRef } from "../issue.js";
import { PollRef } from "../poll.js";
import {
  AnnouncementInput,
  AnnouncementPatch,
  EventInput,
  EventPatch,
  IssueInput,
  IssuePatch,
  PollInput,
  PollPatch,
} from "./inputs.js";

const deps = (ctx: Context): EditorialDeps => ({ db: ctx.db, bus: ctx.bus, now: ctx.now });

const TYPES: Record<string, ContentType> = {
  Issue: "issue",
  Announcement: "announcement",
  Event: "event",
  Poll: "poll",
};

/** The content id behind a global id; anything but an archive entry's id is not found. */
function contentId(globalId: string | number): { id: number; type: ContentType } {
  const { type, id } = decodeId(String(globalId));
  const contentType = TYPES[type];
  if (!contentType) throw new NotFoundError(String(globalId));
  return { id, type: contentType };
}

/** Re-read after a write, bypassing what this request's loaders cached before it. */
async function fresh(ctx: Context, type: ContentType, id: number): Promise<ContentNode> {
  const loader = ctx.loaders.byType[type];
  loader.clear(id);
  const node = (await loader.load(id)) as ContentNode | null;
  if (!node) throw new NotFoundError(String(id));
  return node;
}

function typedMutations<N extends ContentNode>(spec: {
  type: ContentType;
  typename: NodeTypeName;
  ref: typeof IssueRef | typeof AnnouncementRef | typeof EventRef | typeof PollRef;
  input: typeof IssueInput | typeof AnnouncementInput | typeof EventInput | typeof PollInput;
  patch: typeof IssuePatch | typeof AnnouncementPatch | typeof EventPatch | typeof PollPatch;
  field: string;
}) {
  const { type, typename, field } = spec;
  builder.mutationField(`create${typename}`, (t) =>
    t.field({
      type: spec.ref as typeof IssueRef,
      description: `Create a draft ${type}. Publish it with publishContent or scheduleContent.`,
      authScopes: { editor: true },
      errors: { types: [InputError], dataField: { name: field } },
      args: { input: t.arg({ type: spec.input as typeof IssueInput, required: true }) },
      resolve: async (_root, args, ctx) =>
        (await fresh(ctx, type, await createEntry(deps(ctx), type, args.input))) as N & never,
    }),
  );
  builder.mutationField(`update${typename}`, (t) =>
    t.field({
      type: spec.ref as typeof IssueRef,
      description: `Change a ${type}: fields given replace the stored ones (lists whole; null clears). With expectedUpdatedAt, refused with ConflictError if someone changed it since. With asRevision on a live ${type}, the change is kept as a pending edit until published.`,
      authScopes: { editor: true },
      errors: { types: [InputError, ConflictError, NotFoundError], dataField: { name: field } },
      args: {
        id: t.arg.id({ required: true }),
        patch: t.arg({ type: spec.patch as typeof IssuePatch, required: true }),
        expectedUpdatedAt: t.arg({ type: "DateTime" }),
        asRevision: t.arg.boolean({ defaultValue: false }),
      },
      resolve: async (_root, args, ctx) => {
        const ref = contentId(args.id);
        if (ref.type !== type) throw new NotFoundError(String(args.id));
        const written = await updateEntry(
          deps(ctx),
          type,
          ref.id,
          String(args.id),
          args.patch as Record<string, unknown>,
          {
            expectedUpdatedAt: args.expectedUpdatedAt,
            asRevision: args.asRevision ?? false,
          },
        );
        return (await fresh(ctx, type, written)) as N & never;
      },
    }),
  );
}

typedMutations({
  type: "issue",
  typename: "Issue",
  ref: IssueRef,
  input: IssueInput,
  patch: IssuePatch,
  field: "issue",
});
typedMutations({
  type: "announcement",
  typename: "Announcement",
  ref: AnnouncementRef,
  input: AnnouncementInput,
  patch: AnnouncementPatch,
  field: "announcement",
});
typedMutations({
  type: "event",
  typename: "Event",
  ref: EventRef,
  input: EventInput,
  patch: EventPatch,
  field: "event",
});
typedMutations({
  type: "poll",
  typename: "Poll",
  ref: PollRef,
  input: PollInput,
  patch: PollPatch,
  field: "poll",
});

builder.mutationFields((t) => ({
  publishContent: t.field({
    type: ContentRef,
    description:
      "Publish now. Publishing a pending edit applies it to its live entry (same id and slug).",
    authScopes: { editor: true },
    errors: { types: [ConflictError, NotFoundError], dataField: { name: "content" } },
    args: { id: t.arg.id({ required: true }), expectedUpdatedAt: t.arg({ type: "DateTime" }) },
    resolve: async (_root, args, ctx) => {
      const ref = contentId(args.id);
      const id = await publishEntry(deps(ctx), ref.id, String(args.id), args.expectedUpdatedAt);
      return fresh(ctx, ref.type, id);
    },
  }),
  scheduleContent: t.field({
    type: ContentRef,
    description:
      "Publish at a future instant: invisible everywhere until then, visible from that second.",
    authScopes: { editor: true },
    errors: { types: [InputError, ConflictError, NotFoundError], dataField: { name: "content" } },
    args: {
      id: t.arg.id({ required: true }),
      at: t.arg({ type: "DateTime", required: true }),
      expectedUpdatedAt: t.arg({ type: "DateTime" }),
    },
    resolve: async (_root, args, ctx) => {
      const ref = contentId(args.id);
      await scheduleEntry(deps(ctx), ref.id, String(args.id), args.at, args.expectedUpdatedAt);
      return fresh(ctx, ref.type, ref.id);
    },
  }),
  unpublishContent: t.field({
    type: ContentRef,
    description: "Back to draft: gone from every public surface.",
    authScopes: { editor: true },
    errors: { types: [ConflictError, NotFoundError], dataField: { name: "content" } },
    args: { id: t.arg.id({ required: true }), expectedUpdatedAt: t.arg({ type: "DateTime" }) },
    resolve: async (_root, args, ctx) => {
      const ref = contentId(args.id);
      await unpublishEntry(deps(ctx), ref.id, String(args.id), args.expectedUpdatedAt);
      return fresh(ctx, ref.type, ref.id);
    },
  }),
  deleteContent: t.field({
    type: "ID",
    description:
      "Delete an entry with everything it owns (votes of a poll included). Returns the deleted id.",
    authScopes: { editor: true },
    errors: { types: [NotFoundError], dataField: { name: "deletedId" } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const ref = contentId(args.id);
      await deleteEntry(deps(ctx), ref.id, String(args.id));
      return String(args.id);
    },
  }),
}));

const PreviewTokenRef = builder
  .objectRef<{ token: string; expiresAt: Date; content: ContentNode }>("PreviewToken")
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
      const ref = contentId(args.id);
      const content = await fresh(ctx, ref.type, ref.id).catch(() => {
        throw new NotFoundError(String(args.id));
      });
      const expiresAt = new Date(ctx.now.getTime() + ttl * 1000);
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
      ctx.viewer.kind === "preview" ? ctx.loaders.content.load(ctx.viewer.contentId) : null,
  }),
);
