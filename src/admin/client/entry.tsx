/**
 * Events: their state and publication (publish, schedule, unpublish, delete,
 * preview); the event form is not built yet (edit them through the API).
 */
import { useEffect, useState } from "preact/hooks";
import { gql } from "./api";
import { type EntryState, Publication } from "./publication";
import { Link, Notice } from "./ui";

const LOAD = `query($id: ID!) { node(id: $id) { ... on Content {
  __typename id title publicationStatus publishedAt updatedAt url } } }`;

export function EntryPage({ id }: { id: string }) {
  const [entry, setEntry] = useState<EntryState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = async () => {
    const data = await gql<{ node: EntryState | null }>(LOAD, { id });
    if (data.node) setEntry(data.node);
    else setError("This entry does not exist (any more).");
  };
  useEffect(() => {
    reload().catch((e: Error) => setError(e.message));
  }, [id]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {entry ? `${entry.__typename}: ${entry.title}` : "Entry"}
      </h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {entry ? (
        <>
          <p class="hint">
            This type's form is not in the app yet: its fields are edited through the GraphQL API
            (docs/editing.md). Publication works here.
          </p>
          {entry.__typename === "Poll" ? (
            <p>
              <Link href={`/admin/polls/${encodeURIComponent(entry.id)}/live`}>Live results</Link>
            </p>
          ) : null}
          <Publication entry={entry} dirty={false} reload={reload} />
        </>
      ) : null}
    </section>
  );
}
