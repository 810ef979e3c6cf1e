/** Editorial mutations for people, tags and standalone weekly stats (scope editor). */
import type { Context } from "../../../context.js";
import { peopleByIds } from "../../../db/repos/people.js";
import { statsByIds } from "../../../db/repos/stats/queries.js";
import { tagBySlug } from "../../../db/repos/tags.js";
import type { EditorialDeps } from "../../../editorial/service.js";
import {
  createPerson,
  createStats,
  createTag,
  deletePerson,
  deleteStats,
  deleteTag,
  setStatsPublication,
  updatePerson,
  updateStats,
  updateTag,
} from "../../../editorial/shared-data.js";
import { InputError, NotFoundError } from "../../../validation.js";
import { builder } from "../../builder.js";
import { decodeIdOf } from "../../ids.js";
import { TagRef } from "../content.js";
import { asPerson, PersonRef } from "../person.js";
import { StatsRef } from "../stats.js";
import {
  PersonInput,
  PersonPatch,
  TagInput,
  TagPatch,
  WeeklyStatsInput,
  WeeklyStatsPatch,
} from "./inputs.js";

const deps = (ctx: Context): EditorialDeps => ({ db: ctx.db, bus: ctx.bus, now: ctx.now });

async function person(ctx: Context, id: number) {
  const [row] = await peopleByIds(ctx.db, [id]);
  if (!row) throw new NotFoundError(String(id));
  return asPerson(row);
}

async function stats(ctx: Context, id: number) {
  const [row] = await statsByIds(ctx.db, [id], { kind: "all" });
  if (!row) throw new NotFoundError(String(id));
  return { ...row, __typename: "WeeklyStats" as const };
}

async function tag(ctx: Context, slug: string) {
  const row = await tagBySlug(ctx.db, slug);
  if (!row) throw new NotFoundError(slug);
  return row;
}

const StatsStatusEnum = builder.enumType("WeeklyStatsPublication", {
  values: {
    PUBLISHED: { value: "published" },
    SCHEDULED: { value: "scheduled" },
    DRAFT: { value: "draft" },
  } as const,
});

builder.mutationFields((t) => ({
  createPerson: t.field({
    type: PersonRef,
    authScopes: { editor: true },
    errors: { types: [InputError], dataField: { name: "person" } },
    args: { input: t.arg({ type: PersonInput, required: true }) },
    resolve: async (_r, args, ctx) => person(ctx, await createPerson(deps(ctx), args.input)),
  }),
  updatePerson: t.field({
    type: PersonRef,
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "person" } },
    args: { id: t.arg.id({ required: true }), patch: t.arg({ type: PersonPatch, required: true }) },
    resolve: async (_r, args, ctx) => {
      const id = decodeIdOf("Person", String(args.id));
      return person(
        ctx,
        await updatePerson(deps(ctx), id, String(args.id), args.patch as Record<string, unknown>),
      );
    },
  }),
  deletePerson: t.field({
    type: "ID",
    description: "Refused (IN_USE) while any entry still names the person.",
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "deletedId" } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await deletePerson(deps(ctx), decodeIdOf("Person", String(args.id)), String(args.id));
      return String(args.id);
    },
  }),
  createTag: t.field({
    type: TagRef,
    authScopes: { editor: true },
    errors: { types: [InputError], dataField: { name: "tag" } },
    args: { input: t.arg({ type: TagInput, required: true }) },
    resolve: async (_r, args, ctx) => tag(ctx, await createTag(deps(ctx), args.input)),
  }),
  updateTag: t.field({
    type: TagRef,
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "tag" } },
    args: {
      slug: t.arg.string({ required: true }),
      patch: t.arg({ type: TagPatch, required: true }),
    },
    resolve: async (_r, args, ctx) =>
      tag(ctx, await updateTag(deps(ctx), args.slug, args.patch as Record<string, unknown>)),
  }),
  deleteTag: t.field({
    type: "String",
    description: "Removes the tag from every entry. Returns the deleted slug.",
    authScopes: { editor: true },
    errors: { types: [NotFoundError], dataField: { name: "deletedSlug" } },
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await deleteTag(deps(ctx), args.slug);
      return args.slug;
    },
  }),
  createWeeklyStats: t.field({
    type: StatsRef,
    description: "Standalone weekly stats, as a draft (an issue's own stats come with the issue).",
    authScopes: { editor: true },
    errors: { types: [InputError], dataField: { name: "weeklyStats" } },
    args: { input: t.arg({ type: WeeklyStatsInput, required: true }) },
    resolve: async (_r, args, ctx) => stats(ctx, await createStats(deps(ctx), args.input)),
  }),
  updateWeeklyStats: t.field({
    type: StatsRef,
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "weeklyStats" } },
    args: {
      id: t.arg.id({ required: true }),
      patch: t.arg({ type: WeeklyStatsPatch, required: true }),
    },
    resolve: async (_r, args, ctx) => {
      const id = decodeIdOf("WeeklyStats", String(args.id));
      return stats(
        ctx,
        await updateStats(deps(ctx), id, String(args.id), args.patch as Record<string, unknown>),
      );
    },
  }),
  setWeeklyStatsPublication: t.field({
    type: StatsRef,
    description: "Publish now, schedule (with `at`), or return to draft.",
    authScopes: { editor: true },
    errors: { types: [InputError, NotFoundError], dataField: { name: "weeklyStats" } },
    args: {
      id: t.arg.id({ required: true }),
      status: t.arg({ type: StatsStatusEnum, required: true }),
      at: t.arg({ type: "DateTime" }),
    },
    resolve: async (_r, args, ctx) => {
      const id = decodeIdOf("WeeklyStats", String(args.id));
      return stats(
        ctx,
        await setStatsPublication(deps(ctx), id, String(args.id), {
          status: args.status,
          at: args.at ?? undefined,
        }),
      );
    },
  }),
  deleteWeeklyStats: t.field({
    type: "ID",
    authScopes: { editor: true },
    errors: { types: [NotFoundError], dataField: { name: "deletedId" } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_r, args, ctx) => {
      await deleteStats(deps(ctx), decodeIdOf("WeeklyStats", String(args.id)), String(args.id));
      return String(args.id);
    },
  }),
}));
