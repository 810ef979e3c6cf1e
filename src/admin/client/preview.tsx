/** An entry as its preview token shows it: what a reader will see once it is published. */
import { useEffect, useState } from "preact/hooks";
import { gqlAsPreview } from "./api";
import { Notice, when } from "./ui";

interface Previewed {
  __typename: string;
  title: string;
  publishedAt: string | null;
  url: string;
  body: { html: string } | null;
  dateline?: string | null;
  highlights?: { title: string; detail: string | null; links: { title: string; url: string }[] }[];
  quotes?: { text: string; role: string | null; person: { name: string } }[];
}

const QUERY = `{ preview { __typename title publishedAt url body { html }
  ... on Announcement { dateline highlights { title detail links { title url } }
    quotes { text role person { name } } } } }`;

export function PreviewPage({ token }: { token: string }) {
  const [entry, setEntry] = useState<Previewed | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    gqlAsPreview<{ preview: Previewed | null }>(token, QUERY).then(
      (d) => (d.preview ? setEntry(d.preview) : setError("Nothing to preview.")),
      (e: Error) => setError(e.message),
    );
  }, [token]);
  return (
    <section aria-labelledby="page-title">
      <p class="hint">
        Preview: as readers will see it once published (read with a preview token).
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {entry ? (
        <article class="previewed">
          <h1 id="page-title" tabIndex={-1}>
            {entry.title}
          </h1>
          <p class="hint">
            {entry.dateline ? `${entry.dateline} · ` : ""}
            {entry.publishedAt ? when(entry.publishedAt) : "not published yet"} · will be at{" "}
            {entry.url}
          </p>
          <div class="rendered" dangerouslySetInnerHTML={{ __html: entry.body?.html ?? "" }} />
          {entry.highlights?.length ? (
            <>
              <h2>Highlights</h2>
              <ul>
                {entry.highlights.map((h, i) => (
                  <li key={i}>
                    {h.title}
                    {h.detail ? ` — ${h.detail}` : ""}
                    {h.links.map((l) => (
                      <>
                        {" "}
                        <a href={l.url} rel="noopener noreferrer">
                          {l.title}
                        </a>
                      </>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {entry.quotes?.map((q, i) => (
            <blockquote key={i}>
              <p>{q.text}</p>
              <footer>
                — {q.person.name}
                {q.role ? `, ${q.role}` : ""}
              </footer>
            </blockquote>
          ))}
        </article>
      ) : (
        <h1 id="page-title" tabIndex={-1}>
          Preview
        </h1>
      )}
    </section>
  );
}
