/** What an import did (or, with --dry-run, would do): counts, skips, renamed slugs, warnings. */
import type { ContentStatus } from "../read/table.js";
import type { ContentType } from "../registry.js";

export type Counts = Partial<Record<ContentType, Partial<Record<ContentStatus, number>>>>;

export interface ImportReport {
  source: string;
  dryRun: boolean;
  /** Items read that could become entries (posts, pages, feed entries). */
  items: number;
  created: Counts;
  updated: Counts;
  unchanged: number;
  skipped: { id: string; title: string | null; reason: string }[];
  /** Slugs taken by another entry of the type: the entry got the next free `-2`, `-3`… */
  renamedSlugs: { id: string; wanted: string; slug: string }[];
  warnings: { id: string | null; message: string }[];
  /** What the source holds that is not an entry: attachments, menu items, comments… */
  notEntries: Record<string, number>;
  /** Feed documents read (the feed and its RFC 5005 archive pages). */
  documents: number;
}

export function emptyReport(source: string, dryRun: boolean): ImportReport {
  return {
    source,
    dryRun,
    items: 0,
    created: {},
    updated: {},
    unchanged: 0,
    skipped: [],
    renamedSlugs: [],
    warnings: [],
    notEntries: {},
    documents: 0,
  };
}

export function count(counts: Counts, type: ContentType, status: ContentStatus): void {
  const byStatus = counts[type] ?? {};
  byStatus[status] = (byStatus[status] ?? 0) + 1;
  counts[type] = byStatus;
}

const total = (counts: Counts) =>
  Object.values(counts).reduce(
    (n, byStatus) => n + Object.values(byStatus ?? {}).reduce((m, k) => m + (k ?? 0), 0),
    0,
  );

function describe(counts: Counts): string {
  const parts = Object.entries(counts).map(
    ([type, byStatus]) =>
      `${type} ${Object.entries(byStatus ?? {})
        .map(([status, n]) => `${n} ${status}`)
        .join(", ")}`,
  );
  return parts.length ? parts.join("; ") : "none";
}

/** The report as lines for a terminal. */
export function formatReport(report: ImportReport): string {
  const lines = [
    `${report.dryRun ? "dry run (nothing written): would import" : "imported"} from ${report.source}: ${report.items} items${report.documents > 1 ? ` in ${report.documents} documents` : ""}`,
    `  created   ${total(report.created)}: ${describe(report.created)}`,
    `  updated   ${total(report.updated)}: ${describe(report.updated)}`,
    `  unchanged ${report.unchanged}`,
    `  skipped   ${report.skipped.length}`,
    ...report.skipped.map((s) => `    ${s.id} ${JSON.stringify(s.title ?? "")}: ${s.reason}`),
    `  renamed slugs ${report.renamedSlugs.length}`,
    ...report.renamedSlugs.map((s) => `    ${s.id}: ${s.wanted} → ${s.slug}`),
    `  not entries: ${
      Object.entries(report.notEntries)
        .map(([what, n]) => `${n} ${what}`)
        .join(", ") || "none"
    }`,
    `  warnings ${report.warnings.length}`,
    ...report.warnings.map((w) => `    ${w.id ?? "-"}: ${w.message}`),
  ];
  return `${lines.join("\n")}\n`;
}
