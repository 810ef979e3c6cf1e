/** A poll's live results, over the pollResults subscription (SSE). */
import { useEffect, useState } from "preact/hooks";
import { gql, subscribe } from "./api";
import { Link } from "./ui";

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
