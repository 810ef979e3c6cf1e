/** Every entry of a type, by status, newest first: search, tag filter, paging. */
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { navigate } from "./router";
import { Link, Notice, Status } from "./ui";

export const TYPES = [
  { value: "ANNOUNCEMENT", label: "Announcements", typename: "Announcement" },
  { value: "ISSUE", label: "Issues", typename: "Issue" },
  { value: "EVENT", label: "Events", typename: "Event" },
  { value: "POLL", label: "Polls", typename: "Poll" },
] as const;

interface Row {
  __typename: string;
  id: string;
  title: string;
  slug: string;
  publicationStatus: string;
  publishedAt: string | null;
  updatedAt: string;
  tags: { slug: string; name: string }[];
}

const FIELDS =
  "__typename id title slug publicationStatus publishedAt updatedAt tags { slug name }";
const LIST = `query List($types: [ContentType!], $status: [ContentStatus!], $tag: String, $after: String) {
  timeline(first: 20, after: $after, types: $types, filter: { status: $status, tag: $tag }) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { ${FIELDS} } } } }`;
const SEARCH = `query Search($q: String!, $types: [ContentType!], $after: String) {
  search(query: $q, types: $types, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { snippet node { ${FIELDS} } } } } }`;
const TAGS = "{ tags(first: 100) { edges { node { slug name } } } }";

interface Page {
  rows: Row[];
  total: number;
  next: string | null;
}

export function entryPath(row: { __typename: string; id: string }): string {
  return `/admin/${row.__typename.toLowerCase()}s/${encodeURIComponent(row.id)}`;
}

export function ListPage({ url }: { url: URL }) {
  const type = url.searchParams.get("type") ?? "ANNOUNCEMENT";
  const status = url.searchParams.get("status") ?? "";
  const tag = url.searchParams.get("tag") ?? "";
  const q = url.searchParams.get("q") ?? "";
  const [search, setSearch] = useState(q);
  const [pages, setPages] = useState<Page[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tags, setTags] = useState<{ slug: string; name: string }[]>([]);
  const [loading, setLoading] = useState(false);

  const load = async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      let page: Page;
      if (q) {
        const data = await gql<{
          search: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: { node: { node: Row } }[];
          };
        }>(SEARCH, { q, types: [type], after });
        const rows = data.search.edges
          .map((e) => e.node.node)
          .filter((r) => !status || r.publicationStatus === status);
        const next = data.search.pageInfo.hasNextPage ? data.search.pageInfo.endCursor : null;
        page = { rows, total: data.search.totalCount, next };
      } else {
        const data = await gql<{
          timeline: {
            totalCount: number;
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: { node: Row }[];
          };
        }>(LIST, { types: [type], status: status ? [status] : null, tag: tag || null, after });
        const next = data.timeline.pageInfo.hasNextPage ? data.timeline.pageInfo.endCursor : null;
        page = {
          rows: data.timeline.edges.map((e) => e.node),
          total: data.timeline.totalCount,
          next,
        };
      }
      setPages((old) => (after ? [...old, page] : [page]));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setPages([]);
    void load(null);
  }, [type, status, tag, q]);
  useEffect(() => {
    gql<{ tags: { edges: { node: { slug: string; name: string } }[] } }>(TAGS).then(
      (d) => setTags(d.tags.edges.map((e) => e.node)),
      () => setTags([]),
    );
  }, []);

  const go = (changes: Record<string, string>) => {
    const params = new URLSearchParams({ type, status, tag, q, ...changes });
    for (const [k, v] of [...params]) if (!v) params.delete(k);
    navigate(`/admin/?${params}`);
  };
  const rows = pages.flatMap((p) => p.rows);
  const last = pages[pages.length - 1];
  const typeLabel = TYPES.find((t) => t.value === type)?.label ?? type;

  return (
    <section aria-labelledby="page-title">
      <div class="head">
        <h1 id="page-title" tabIndex={-1}>
          {typeLabel}
        </h1>
        {type === "ANNOUNCEMENT" ? (
          <Link href="/admin/announcements/new" class="button">
            New announcement
          </Link>
        ) : type === "POLL" ? (
          <Link href="/admin/polls/new" class="button">
            New poll
          </Link>
        ) : null}
      </div>
      <nav aria-label="Content types" class="tabs">
        {TYPES.map((t) => (
          <button
            type="button"
            key={t.value}
            aria-pressed={t.value === type}
            onClick={() => go({ type: t.value, tag: "", q: "" })}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <form
        class="filters"
        aria-label="Filter and search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: search.trim() });
        }}
      >
        <div class="field">
          <label for="filter-status">Status</label>
          <select
            id="filter-status"
            value={status}
            onChange={(e) => go({ status: e.currentTarget.value })}
          >
            <option value="">All</option>
            <option value="DRAFT">Draft</option>
            <option value="SCHEDULED">Scheduled</option>
            <option value="PUBLISHED">Published</option>
          </select>
        </div>
        <div class="field">
          <label for="filter-tag">Tag</label>
          <select id="filter-tag" value={tag} onChange={(e) => go({ tag: e.currentTarget.value })}>
            <option value="">Any</option>
            {tags.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for="filter-q">Search</label>
          <input
            id="filter-q"
            type="search"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
        </div>
        <button type="submit">Search</button>
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <p class="count" aria-live="polite">
        {loading
          ? "Loading…"
          : `${q && status ? rows.length : (last?.total ?? 0)} ${q ? "matches" : "entries"}`}
        {q ? " (search: best match first)" : ""}
      </p>
      <table class="entries">
        <caption class="sr-only">{typeLabel}</caption>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Status</th>
            <th scope="col">Tags</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={entryPath(r)}>{r.title}</Link>
              </td>
              <td>
                <Status status={r.publicationStatus} at={r.publishedAt} />
              </td>
              <td>{r.tags.map((t) => t.name).join(", ")}</td>
              <td>{new Date(r.updatedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {last?.next ? (
        <button type="button" disabled={loading} onClick={() => void load(last.next)}>
          More
        </button>
      ) : null}
    </section>
  );
}
