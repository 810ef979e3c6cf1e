/**
 * What a reader may see, and the one rule for "is it live": published or scheduled, with a
 * publication time that has come. Embargoes lift on the second, with no job in between: the
 * request's clock reading decides. The rule exists in two forms, here side by side: in
 * JavaScript for rows already read, in SQL for rows being selected.
 */
import { and, eq, lte, ne, or, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Viewer } from "../auth/viewer.js";
import { type ContentStatus, content } from "./table.js";

/**
 * `public`: live entries only. `all`: editors. `preview`: public, plus the one entry a
 * preview token names.
 */
export type Visibility =
  | { kind: "public"; now: Date }
  | { kind: "all" }
  | { kind: "preview"; now: Date; contentId: number };

/** What the viewer may see, fixed for the request. */
export function visibilityFor(viewer: Viewer, now: Date): Visibility {
  if (viewer.kind === "editor") return { kind: "all" };
  if (viewer.kind === "preview") return { kind: "preview", now, contentId: viewer.contentId };
  return { kind: "public", now };
}

type Publication = { status: ContentStatus; publishedAt: Date | null };

/** Live: readers can see it at `now`. */
export function isLive(row: Publication, now: Date): boolean {
  return row.status !== "draft" && row.publishedAt !== null && row.publishedAt <= now;
}

/** The status readers would name: a scheduled entry whose time has come is published. */
export function publicationStatus(row: Publication, now: Date): ContentStatus {
  return row.status === "scheduled" && isLive(row, now) ? "published" : row.status;
}

/** The columns the rule reads: `content`'s, or another table's with the same meaning (stats). */
interface PublicationColumns {
  status: PgColumn;
  publishedAt: PgColumn;
}

/** `isLive` in SQL. */
export function liveSql(now: Date, columns: PublicationColumns = content): SQL {
  return and(ne(columns.status, "draft"), lte(columns.publishedAt, now)) as SQL;
}

/** `isLive` in hand-written SQL over a `content` row aliased as `alias`, at the instant `at`. */
export function liveSqlOf(alias: string, at: SQL): SQL {
  const c = sql.identifier(alias);
  return sql`(${c}.status <> 'draft' and ${c}.published_at <= ${at})`;
}

/** SQL condition on `content` (or `columns`) for a visibility; undefined: no restriction. */
export function visibleSql(v: Visibility, columns?: PublicationColumns): SQL | undefined {
  if (v.kind === "all") return undefined;
  const live = liveSql(v.now, columns);
  if (columns) return live;
  return v.kind === "preview" ? or(live, eq(content.id, v.contentId)) : live;
}
