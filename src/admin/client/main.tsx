/** The editors' app at /admin: sign in, then lists, editors, previews, live results, webhooks. */
import "./app.css";
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { AnnouncementPage } from "./announcement";
import { ApiError, currentEditor, type Editor, signIn, signOut, whenSignedOut } from "./api";
import { EventPage } from "./event";
import { IssuePage } from "./issue";
import { ListPage } from "./list";
import { PollPage } from "./poll";
import { PollLivePage } from "./poll-live";
import { PreviewPage } from "./preview";
import { navigate, setLeaveGuard, useRoute } from "./router";
import { Link, Notice } from "./ui";
import { WebhooksPage } from "./webhooks";

function SignIn({ done, reason }: { done: (e: Editor) => void; reason: string | null }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="signin">
      <h1 id="page-title" tabIndex={-1}>
        Sign in to the newsletter editor
      </h1>
      {reason ? <Notice kind="warn">{reason}</Notice> : null}
      <form
        method="post"
        action="/admin/session"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const editor = await signIn(token.trim());
            if (editor) done(editor);
          } catch (err) {
            setError(err instanceof ApiError ? err.message : "Could not reach the server.");
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class={`field${error ? " invalid" : ""}`}>
          <label for="token">API token</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            required
            value={token}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "token-hint token-error" : "token-hint"}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
          <p class="hint" id="token-hint">
            An editor token from <code>npm run token:create</code> (nca_…). It is kept on the server
            side of a 12-hour session, not in this browser.
          </p>
          {error ? (
            <p class="error" id="token-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" class="primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

function Page({ url, editor }: { url: URL; editor: Editor }) {
  const path = url.pathname.replace(/\/+$/, "") || "/admin";
  const parts = path.split("/").slice(2).map(decodeURIComponent);
  const [section, id, sub] = parts;
  if (!section) return <ListPage url={url} />;
  if (section === "announcements" && id === "new") return <AnnouncementPage id={null} />;
  if (section === "announcements" && id) return <AnnouncementPage id={id} />;
  if (section === "polls" && id && sub === "live") return <PollLivePage id={id} />;
  if (section === "polls" && id === "new") return <PollPage id={null} />;
  if (section === "polls" && id) return <PollPage id={id} />;
  if (section === "issues" && id) return <IssuePage id={id === "new" ? null : id} />;
  if (section === "events" && id) return <EventPage id={id === "new" ? null : id} />;
  if (section === "preview") return <PreviewPage token={url.searchParams.get("token") ?? ""} />;
  if (section === "webhooks" && editor.scopes.includes("admin")) return <WebhooksPage />;
  return (
    <section>
      <h1 id="page-title" tabIndex={-1}>
        Not found
      </h1>
      <p>
        <Link href="/admin/">Back to the entries</Link>
      </p>
    </section>
  );
}

function App() {
  const [editor, setEditor] = useState<Editor | null | undefined>(undefined);
  const [reason, setReason] = useState<string | null>(null);
  const url = useRoute();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    whenSignedOut(() => {
      setLeaveGuard(null);
      setReason(
        "Your session has ended (expired, signed out elsewhere, or the token was revoked).",
      );
      setEditor(null);
    });
    currentEditor().then(setEditor, () => setEditor(null));
  }, []);
  // Each page's heading takes focus, so keyboard and screen reader users start there.
  useEffect(() => {
    document.getElementById("page-title")?.focus();
  }, [url.pathname, url.search, editor]);

  if (editor === undefined) return <p class="loading">Loading…</p>;
  if (editor === null) {
    return (
      <SignIn
        reason={reason}
        done={(e) => {
          setReason(null);
          setEditor(e);
        }}
      />
    );
  }
  return (
    <>
      <a href="#main" class="skip">
        Skip to content
      </a>
      <header class="top">
        <nav aria-label="Main">
          <Link href="/admin/">Entries</Link>
          <Link href="/admin/announcements/new">New announcement</Link>
          <Link href="/admin/issues/new">New issue</Link>
          <Link href="/admin/events/new">New event</Link>
          <Link href="/admin/polls/new">New poll</Link>
          {editor.scopes.includes("admin") ? <Link href="/admin/webhooks">Webhooks</Link> : null}
        </nav>
        <div class="who">
          Signed in as <strong>{editor.name}</strong>{" "}
          <button
            type="button"
            onClick={async () => {
              if (!navigate("/admin/")) return;
              await signOut().catch(() => undefined);
              setEditor(null);
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main}>
        <Page url={url} editor={editor} />
      </main>
    </>
  );
}

const root = document.getElementById("app");
if (root) {
  root.textContent = "";
  render(<App />, root);
}
