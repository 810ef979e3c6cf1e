/** Who is asking. Anonymous readers see only published, due content on every surface. */
export type Viewer =
  | { kind: "anonymous" }
  | { kind: "editor"; tokenId: number; name: string; scopes: ReadonlySet<"editor" | "admin"> }
  /** A reader holding a preview token: public content plus that one entry, read-only. */
  | { kind: "preview"; contentId: number; expiresAt: Date };

export const ANONYMOUS: Viewer = { kind: "anonymous" };
