/**
 * Issues and events: their state and publication (publish, schedule, unpublish, delete,
 * preview); their own forms are not built yet (edit them through the API). A poll's live results.
 */
import { useEffect, useState } from "preact/hooks";
import { gql, subscribe } from "./api";
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

interface PollResults {
  question: string;
  status: string;
  totalVotes: number | null;
  resultsHiddenReason: string | null;
  options: { id: string; label: string; votes: number | null; share: number | null }[];
}

const POLL = `query($id: ID!) { node(id: $id) { ... on Poll { question status totalVotes resultsHiddenReason
  options { id label votes share } } } }`;
const LIVE = `subscription($id: ID!) { pollResults(pollId: $id) { question status totalVotes
  resultsHiddenReason options { id label votes share } } }`;

export function PollLivePage({ id }: { id: string }) {
  const [poll, setPoll] = useState<PollResults | null>(null);
  const [state, setState] = useState("Connecting…");
  useEffect(() => {
    const stop = new AbortController();
    gql<{ node: PollResults | null }>(POLL, { id }).then(
      (d) => setPoll(d.node),
      (e: Error) => setState(e.message),
    );
    subscribe<{ pollResults: PollResults }>(
      LIVE,
      { id },
      (d) => {
        setPoll(d.pollResults);
        setState(`Live: updated ${new Date().toLocaleTimeString()}`);
      },
      stop.signal,
    ).then(
      () => setState("The live stream ended."),
      (e: Error) => {
        if (!stop.signal.aborted) setState(e.message);
      },
    );
    setState("Live: waiting for votes");
    return () => stop.abort();
  }, [id]);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        Live results{poll ? `: ${poll.question}` : ""}
      </h1>
      <p aria-live="polite" class="hint">
        {state}
      </p>
      {poll ? (
        <>
          <p>
            Status {poll.status};{" "}
            {poll.totalVotes == null
              ? "votes unknown"
              : `${poll.totalVotes} vote${poll.totalVotes === 1 ? "" : "s"}`}
            {poll.resultsHiddenReason ? ` (results hidden: ${poll.resultsHiddenReason})` : ""}
          </p>
          <table class="entries">
            <caption class="sr-only">Votes per option</caption>
            <thead>
              <tr>
                <th scope="col">Option</th>
                <th scope="col">Votes</th>
                <th scope="col">Share</th>
              </tr>
            </thead>
            <tbody>
              {poll.options.map((o) => (
                <tr key={o.id}>
                  <td>{o.label}</td>
                  <td>{o.votes ?? "—"}</td>
                  <td>
                    {o.share == null ? "—" : `${o.share.toFixed(1)} %`}
                    {o.share == null ? null : (
                      <meter min={0} max={100} value={o.share} aria-label={`${o.label} share`} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <p>
        <Link href={`/admin/polls/${encodeURIComponent(id)}`}>Back to the poll</Link>
      </p>
    </section>
  );
}
