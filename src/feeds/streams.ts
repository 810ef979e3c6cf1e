import type { ContentType } from "../db/repos/content.js";

/** A feed stream: the whole archive, one content type, or one tag. */
export type Stream =
  | { kind: "all" }
  | { kind: "type"; type: ContentType; name: string }
  | { kind: "tag"; tag: string };

export const TYPE_STREAMS: Record<string, ContentType> = {
  issues: "issue",
  announcements: "announcement",
  events: "event",
  polls: "poll",
};

/** Path of a stream under /feeds (without extension): "all", "issues", "tags/xen-4-0". */
export function streamPath(stream: Stream): string {
  if (stream.kind === "all") return "all";
  if (stream.kind === "type") return stream.name;
  return `tags/${stream.tag}`;
}

export function streamTitle(stream: Stream, siteTitle: string): string {
  if (stream.kind === "all") return siteTitle;
  if (stream.kind === "type")
    return `${siteTitle}: ${stream.name[0]?.toUpperCase()}${stream.name.slice(1)}`;
  return `${siteTitle}: tagged ${stream.tag}`;
}

/** The stream of a content type's own feed. */
export function typeStream(type: ContentType): Stream {
  const name = Object.entries(TYPE_STREAMS).find(([, t]) => t === type)?.[0] as string;
  return { kind: "type", type, name };
}
