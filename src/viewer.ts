/** Who is asking. Anonymous readers see only published, due content on every surface. */
export type Viewer =
  | { kind: "anonymous" }
  | { kind: "editor"; tokenId: number; name: string; scopes: ReadonlySet<"editor" | "admin"> };

export const ANONYMOUS: Viewer = { kind: "anonymous" };
