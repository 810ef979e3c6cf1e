import { and, eq, lte, ne, or, type SQL } from "drizzle-orm";
import { content } from "../tables/content.js";

/**
 * What a request may see. `public`: published or scheduled content whose time has come
 * (an embargo lifts at its second, with no job in between). `all`: editors.
 * `preview`: public, plus the one item a preview token names.
 */
export type Visibility =
  | { kind: "public"; now: Date }
  | { kind: "all" }
  | { kind: "preview"; now: Date; contentId: number };

/** SQL condition on `content` for a visibility; undefined means no restriction. */
export function contentVisible(v: Visibility): SQL | undefined {
  if (v.kind === "all") return undefined;
  const live = and(ne(content.status, "draft"), lte(content.publishedAt, v.now));
  return v.kind === "preview" ? or(live, eq(content.id, v.contentId)) : live;
}
