/**
 * The /admin app end to end in headless Chromium (issue 18): a real server on a free port,
 * sign in, write an announcement with highlights (a field error first), preview it, schedule it
 * a few seconds ahead and see it reach the Atom feed when due, meet a conflict when it changed
 * behind the editor's back, unpublish it, webhooks, sign out. Screenshots of each page go to
 * test-results/admin/; axe-core checks the main pages (no serious or critical violations), and
 * the page's CSP (no inline script or style) must never be violated.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAtomFeed } from "feedsmith";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people } from "../../src/content/people/table.js";
import { createLogger } from "../../src/logger.js";
import { type Listening, listen } from "../../src/server.js";
import { SITE, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { startRecorder } from "../helpers/http-recorder.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";
import { missing, skipUnless } from "../helpers/skip.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SHOTS = "test-results/admin";
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TITLE = "Xen 4.1 release candidate";
const LIVE_TITLE = "Xen 4.1 is out";
const PENDING_TITLE = "Xen 4.1 is out, with Remus";

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown }[];
}

describe("the /admin app in headless Chromium", () => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let http: Listening;
  let token: string;
  let authorization: string;

  beforeAll(async () => {
    if (missing.chromium(CHROMIUM)) return;
    tdb = await createTestDatabase("pglite", { seed: true });
    // More people than a picker could ever load up front: it has to ask the API as you type.
    await tdb.database.db.insert(people).values([
      ...Array.from({ length: 2100 }, (_, i) => {
        const n = String(i).padStart(4, "0");
        return { slug: `filler-${n}`, name: `Filler ${n}` };
      }),
      { slug: "zelda-late", name: "Zelda Late" },
    ]);
    // The real scheduler runs: the scheduled announcement must come out by itself.
    app = testApp(tdb, {
      background: true,
      urls: { site: SITE, public: "http://localhost:4000" },
    });
    http = await listen(app.app, { port: 0, host: "127.0.0.1", logger: createLogger("silent") });
    authorization = (await bearer(tdb.database.db, "admin", "Ada (editor)")).authorization;
    token = authorization.replace(/^Bearer /, "");
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await http?.close(1000);
    await app?.app.close();
    await tdb?.drop();
  });

  /** axe-core on the page as it is: no serious or critical violations. */
  async function axe(page: Page, name: string) {
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const run = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe
        .run;
      return (await run()).violations;
    });
    const bad = (violations as AxeViolation[]).filter(
      (v) => v.impact === "serious" || v.impact === "critical",
    );
    expect(
      bad.map(
        (v) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(v.nodes[0]?.target)}`,
      ),
    ).toEqual([]);
  }
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

  const api = async (query: string, variables: Record<string, unknown>) => {
    const r = await fetch(`${http.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization },
      body: JSON.stringify({ query, variables }),
    });
    return (await r.json()) as { data: Record<string, Record<string, unknown>> };
  };
  const atom = async () => (await fetch(`${http.url}/feeds/announcements.atom`)).text();
  /** What a reader gets: a plain request without credentials, and the Atom feed's entries. */
  const asReader = async (id: string) => {
    const r = await fetch(`${http.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          "query($id: ID!) { node(id: $id) { id ... on Announcement { slug title authors { slug } pendingEdit { id } } } }",
        variables: { id },
      }),
    });
    const body = (await r.json()) as { data: { node: Record<string, unknown> | null } };
    const feed = parseAtomFeed(await atom());
    const entries = (feed.entries ?? []).map((e) => ({ id: e.id, title: e.title?.value }));
    return {
      node: body.data.node,
      feed: entries.filter((e) => e.title?.startsWith("Xen 4.1 is out")),
    };
  };

  it("signs in, writes, previews, schedules, conflicts, unpublishes and signs out", {
    ...skipUnless(missing.chromium(CHROMIUM)),
    timeout: 180_000,
  }, async () => {
    const receiver = await startRecorder();
    const hook = await api(
      `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename } }`,
      { input: { url: `${receiver.url}/hook`, eventTypes: ["*"], description: "Partner site" } },
    );
    expect(hook.data.createWebhook?.__typename).toBe("CreateWebhookSuccess");

    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
    });
    const csp: string[] = [];
    const dialogs: string[] = [];
    let acceptDialogs = true;
    let current: Page | undefined;
    try {
      // The editor works in Berlin: the schedule shows local time and UTC.
      const context = await browser.newContext({ timezoneId: "Europe/Berlin" });
      const page = await context.newPage();
      current = page;
      page.on("console", (m) => {
        if (/Content Security Policy/i.test(m.text())) csp.push(m.text());
      });
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void (acceptDialogs ? d.accept() : d.dismiss());
      });
      const offsite: string[] = [];
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith(http.url)) return route.continue();
        offsite.push(url);
        return route.abort();
      });

      // Sign in: a wrong token first.
      const first = await page.goto(`${http.url}/admin`);
      expect(first?.headers()["content-security-policy"]).toContain("script-src 'self';");
      await page.getByLabel("API token").fill(`nca_${"a".repeat(12)}_${"b".repeat(43)}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText("Unknown API token.").waitFor();
      await shot(page, "01-sign-in");
      await axe(page, "sign-in");
      await page.getByLabel("API token").fill(token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Announcements" }).waitFor();
      await page.getByRole("link", { name: "Xen 4.0 Feature List" }).waitFor();
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === "nca_session");
      expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
      await shot(page, "02-list");
      await axe(page, "list");

      // Search and the status filter.
      await page.getByRole("searchbox", { name: "Search" }).fill("availability");
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await page.getByRole("link", { name: "Xen.org Announces Xen 4.0 Availability" }).waitFor();
      await page.getByLabel("Status").selectOption("DRAFT");
      await page.getByText("0 matches").waitFor();

      // A new announcement with a highlight whose link is not a URL: the field error shows.
      await page.getByRole("link", { name: "New announcement" }).first().click();
      await page.getByRole("heading", { name: "New announcement" }).waitFor();
      await page.locator("#f-title").fill(TITLE);
      await page.getByLabel("Body (Markdown)").fill("Xen 4.1 is **almost out**.");
      await page.locator(".rendered strong", { hasText: "almost out" }).waitFor();
      await page.getByRole("button", { name: "Add a highlight" }).click();
      await page.locator("#f-highlights-0-title").fill("Faster live migration");
      await page.getByRole("button", { name: "Add a link to highlight 1" }).click();
      await page.locator("#f-highlights-0-links-0-title").fill("Wiki");
      await page.locator("#f-highlights-0-links-0-url").fill("not a link");
      await page.getByRole("button", { name: "Add a quote" }).click();
      await page.locator("#f-quotes-0-text").fill("A big step.");
      // The quote's person from the people picker: type part of the name, Enter chooses.
      await page.locator("#f-quotes-0-person").fill("Ian");
      await page.getByRole("option", { name: /Ian Pratt/ }).waitFor();
      await page.locator("#f-quotes-0-person").press("Enter");
      await page.getByRole("button", { name: "Remove Ian Pratt from Person" }).waitFor();
      await page.getByRole("button", { name: "Create draft" }).click();
      const fieldError = page.locator("#f-highlights-0-links-0-url-error");
      await fieldError.waitFor();
      expect(await page.locator("#f-highlights-0-links-0-url").getAttribute("aria-invalid")).toBe(
        "true",
      );
      await shot(page, "03-field-error");
      await axe(page, "editor");
      await page.locator("#f-highlights-0-links-0-url").fill("https://wiki.xen.org/wiki/Xen_4.1");
      await page.getByRole("button", { name: "Create draft" }).click();
      await page.getByText("Saved.").waitFor();
      await page.waitForURL(/\/admin\/announcements\/[^/]+$/);
      const editorUrl = page.url();

      // Preview, through the API's preview token.
      await page.getByRole("button", { name: "Preview" }).click();
      await page.getByRole("link", { name: "Open the preview here" }).click();
      await page.getByRole("heading", { name: TITLE }).waitFor();
      await page.getByRole("link", { name: "Wiki" }).waitFor();
      await page.getByText("— Ian Pratt").waitFor();
      await shot(page, "04-preview");
      await axe(page, "preview");
      await page.goBack();
      await page.getByRole("heading", { name: `Edit: ${TITLE}` }).waitFor();

      // Schedule a few seconds ahead, in the editor's time; it shows in UTC too.
      const due = new Date(Date.now() + 6000);
      const local = await page.evaluate((iso) => {
        const d = new Date(iso);
        const p = (n: number) => String(n).padStart(2, "0");
        return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
      }, due.toISOString());
      await page.getByLabel(/Publish at \(your time, Europe\/Berlin\)/).fill(local);
      const utc = `${due.toISOString().slice(0, 19)}Z UTC`;
      await page.getByText(`= ${utc}`).waitFor();
      await page.getByRole("button", { name: "Schedule" }).click();
      await page
        .getByText(/^Scheduled for /)
        .first()
        .waitFor();
      await shot(page, "05-scheduled");
      expect(await atom()).not.toContain(TITLE);
      const deadline = Date.now() + 30_000;
      let feed = "";
      while (Date.now() < deadline && !feed.includes(TITLE)) {
        await new Promise((r) => setTimeout(r, 500));
        feed = await atom();
      }
      expect(feed).toContain(TITLE);
      expect(Date.now()).toBeGreaterThanOrEqual(due.getTime() - 1000);

      // Someone else changes it after this editor opened it: saving meets the conflict.
      await page.reload();
      await page.getByRole("heading", { name: `Edit: ${TITLE}` }).waitFor();
      await page.getByText("Published", { exact: true }).first().waitFor();
      const id = decodeURIComponent(editorUrl.split("/").pop() as string);
      const other = await api(
        `mutation($id: ID!) { updateAnnouncement(id: $id, patch: { summary: "Edited elsewhere" }) { __typename } }`,
        { id },
      );
      expect(other.data.updateAnnouncement?.__typename).toBe("UpdateAnnouncementSuccess");
      await page.getByLabel("Summary").fill("My summary");
      await page.getByRole("button", { name: "Update live entry" }).click();
      await page.getByText("Changed since you opened it").waitFor();
      await page.getByRole("button", { name: "Compare" }).click();
      await page.getByRole("cell", { name: "Edited elsewhere" }).waitFor();
      await shot(page, "06-conflict");

      // Unsaved changes: leaving inside the app asks first.
      acceptDialogs = false;
      await page.getByRole("link", { name: "Entries" }).click();
      expect(dialogs.at(-1)).toMatch(/unsaved changes/);
      expect(page.url()).toBe(editorUrl);
      acceptDialogs = true;
      await page.getByRole("button", { name: "Reload" }).click();
      await expect.poll(() => page.getByLabel("Summary").inputValue()).toBe("Edited elsewhere");

      // Unpublish: gone from the feed.
      await page.getByRole("button", { name: "Unpublish" }).click();
      await page.getByText("Back to draft.").waitFor();
      await expect.poll(atom, { timeout: 10_000 }).not.toContain(TITLE);
      await shot(page, "07-unpublished");

      // Pending edits: a live announcement keeps a change aside; readers see the old title until
      // the pending edit, opened from the live entry's notice and previewed, is published.
      await page.getByRole("link", { name: "New announcement" }).first().click();
      await page.getByRole("heading", { name: "New announcement" }).waitFor();
      await page.locator("#f-title").fill(LIVE_TITLE);
      await page.getByLabel("Body (Markdown)").fill("Xen 4.1 is **out**.");
      // The byline's person sorts after 2,100 others: found by asking the API as one types.
      await page.locator("#f-authors").fill("zel");
      await page.getByRole("option", { name: /Zelda Late/ }).waitFor();
      await page.locator("#f-authors").press("Enter");
      await page.getByRole("button", { name: "Remove Zelda Late from Byline" }).waitFor();
      await page.getByRole("button", { name: "Create draft" }).click();
      await page.getByText("Saved.").waitFor();
      await page.waitForURL(/\/admin\/announcements\/[^/]+$/);
      const liveUrl = page.url();
      const liveId = decodeURIComponent(liveUrl.split("/").pop() as string);
      await page.getByRole("button", { name: "Publish now" }).click();
      await page.getByText("Published.").waitFor();
      const before = await asReader(liveId);
      expect(before.node).toMatchObject({
        id: liveId,
        title: LIVE_TITLE,
        authors: [{ slug: "zelda-late" }],
        pendingEdit: null,
      });
      expect(before.feed).toEqual([{ id: expect.any(String), title: LIVE_TITLE }]);
      await page.locator("#f-title").fill(PENDING_TITLE);
      await page.getByRole("button", { name: "Save as pending edit" }).click();
      await page.getByText(/^Saved as a pending edit/).waitFor();
      await page.getByRole("heading", { name: `Pending edit of “${LIVE_TITLE}”` }).waitFor();
      const pendingUrl = page.url();
      expect(pendingUrl).not.toBe(liveUrl);
      // Its own slug is internal (publishing keeps the live one): shown, not editable.
      expect(await page.locator("#f-slug").getAttribute("readonly")).not.toBeNull();
      await shot(page, "15-pending-edit");
      await axe(page, "pending edit");
      expect(await asReader(liveId)).toEqual(before);
      await page.getByRole("link", { name: "Back to the live entry" }).click();
      await page.getByRole("heading", { name: "This entry has a pending edit" }).waitFor();
      expect(await page.locator("#f-title").inputValue()).toBe(LIVE_TITLE);
      expect(await page.locator("#f-slug").getAttribute("readonly")).toBeNull();
      await shot(page, "16-live-with-pending-edit");
      await axe(page, "live entry with a pending edit");
      await page.getByRole("link", { name: "Open the pending edit" }).click();
      await page.getByRole("heading", { name: `Pending edit of “${LIVE_TITLE}”` }).waitFor();
      expect(page.url()).toBe(pendingUrl);
      expect(await page.locator("#f-title").inputValue()).toBe(PENDING_TITLE);
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      await page.getByRole("heading", { name: PENDING_TITLE }).waitFor();
      await shot(page, "17-pending-edit-preview");
      await page.goBack();
      await page.getByRole("heading", { name: `Pending edit of “${LIVE_TITLE}”` }).waitFor();
      await page.getByRole("button", { name: "Publish the pending edit" }).click();
      await page.getByText("Published: the pending edit is now the live entry.").waitFor();
      await page.getByRole("heading", { name: `Edit: ${PENDING_TITLE}` }).waitFor();
      expect(page.url()).toBe(liveUrl);
      const published = await asReader(liveId);
      expect(published.node).toEqual({ ...before.node, title: PENDING_TITLE });
      expect(published.feed).toEqual([{ id: before.feed[0]?.id, title: PENDING_TITLE }]);
      await shot(page, "18-pending-edit-published");
      // Another pending edit, discarded from the live entry's notice after confirming.
      await page.locator("#f-title").fill("Xen 4.1 is out, discarded");
      await page.getByRole("button", { name: "Save as pending edit" }).click();
      await page.getByRole("heading", { name: `Pending edit of “${PENDING_TITLE}”` }).waitFor();
      await page.getByRole("link", { name: "Back to the live entry" }).click();
      await page.getByRole("button", { name: "Discard the pending edit…" }).click();
      await page.getByText("Pending edit discarded.").waitFor();
      expect(dialogs.at(-1)).toBe(
        "Discard the pending edit “Xen 4.1 is out, discarded”? The live entry stays as it is.",
      );
      await page.getByRole("heading", { name: "This entry has a pending edit" }).waitFor({
        state: "detached",
      });
      expect(await asReader(liveId)).toEqual(published);
      const editorView = await api(
        "query($id: ID!) { node(id: $id) { ... on Content { title pendingEdit { id } } } }",
        { id: liveId },
      );
      expect(editorView.data.node).toEqual({ title: PENDING_TITLE, pendingEdit: null });

      // A poll's live results over SSE: a reader's vote shows up without a reload.
      const poll = await makePoll(tdb.database.db);
      await page.goto(`${http.url}/admin/polls/${encodeURIComponent(poll.pollId)}/live`);
      await page.getByRole("heading", { name: "Live results: Which one?" }).waitFor();
      await page.getByText(/Status OPEN; 0 votes/).waitFor();
      await page.waitForTimeout(500); // the stream is open once the page has rendered
      const vote = await app.gql(CAST, {
        input: { pollId: poll.pollId, optionId: poll.optionIds[1], voterKey: voterKey("e2e") },
      });
      expect(vote.errors).toBeUndefined();
      expect(vote.data?.castVote).toMatchObject({ __typename: "VoteAccepted" });
      await page.getByText(/Status OPEN; 1 vote$/).waitFor();
      await page.getByText(/^Live: updated/).waitFor();
      await shot(page, "08-poll-live");
      await axe(page, "poll live results");

      // A new poll: one option is too few (the API's error is shown), two are fine.
      await page.getByRole("link", { name: "New poll" }).first().click();
      await page.getByRole("heading", { name: "New poll" }).waitFor();
      await page.locator("#f-title").fill("Mascot 2026");
      await page.locator("#f-question").fill("Which mascot?");
      await page.locator("#f-options-0-label").fill("Panda");
      await page.getByRole("button", { name: "Remove option 2" }).click();
      await page.getByRole("button", { name: "Create draft" }).click();
      await page.getByText(/^Options: /).waitFor();
      await page.getByRole("button", { name: "Add an option" }).click();
      await page.locator("#f-options-1-label").fill("Penguin");
      await page.getByRole("button", { name: "Create draft" }).click();
      await page.getByText("Saved.").waitFor();
      await page.waitForURL(/\/admin\/polls\/[^/]+$/);
      // Its results settings and a credit with its role (a person from the picker).
      await page.locator("#f-resultsVisibility").selectOption("ALWAYS");
      await page.getByRole("button", { name: "Add a credit" }).click();
      await page.locator("#f-credits-0-person").fill("Ian");
      await page.getByRole("option", { name: /Ian Pratt/ }).waitFor();
      await page.locator("#f-credits-0-person").press("Enter");
      await page.locator("#f-credits-0-role").fill("Mascot sketches");
      await page.getByRole("button", { name: "Save changes" }).click();
      const pollId = decodeURIComponent(page.url().split("/").pop() as string);
      const saved = async () =>
        (
          await api(
            `query($id: ID!) { node(id: $id) { ... on Poll { resultsVisibility countsRecorded
              creditsWithRoles { person { slug } role } options { label } } } }`,
            { id: pollId },
          )
        ).data.node;
      await expect.poll(saved, { timeout: 10_000 }).toEqual({
        resultsVisibility: "ALWAYS",
        countsRecorded: true,
        creditsWithRoles: [{ person: { slug: "ian-pratt" }, role: "Mascot sketches" }],
        options: [{ label: "Panda" }, { label: "Penguin" }],
      });
      await shot(page, "09-poll-editor");
      await axe(page, "poll editor");

      // A new issue: a section with an item and its people (one chosen, one created), a second
      // section moved above it, the item's Markdown previewed.
      await page.getByRole("link", { name: "New issue" }).click();
      await page.getByRole("heading", { name: "New issue" }).waitFor();
      await page.locator("#f-title").fill("Weekly Newsletter Vol 11 No 1");
      await page.getByLabel("Volume").fill("11");
      await page.getByLabel("Number").fill("1");
      await page.getByRole("button", { name: "Add a section" }).click();
      await page.locator("#f-sections-0-kind").selectOption("MEMBERS");
      await page.locator("#f-sections-0-title").fill("Xen Members in Action");
      await page.getByRole("button", { name: "Add an item to section 1" }).click();
      await page.locator("#f-sections-0-items-0-title").fill("Thanks for the wiki page");
      await page.locator("#f-sections-0-items-0-body").fill("A **very** detailed page.");
      await page.getByRole("heading", { name: "Preview: section 1, item 1" }).waitFor();
      await page.locator(".rendered strong", { hasText: "very" }).waitFor();
      const people = page.locator("#f-sections-0-items-0-people");
      await people.fill("tapas");
      await page.getByRole("option", { name: /Tapas Mishra/ }).waitFor();
      await people.press("Enter");
      await people.fill("Grace Newcomer");
      await page.getByRole("option", { name: "Create person “Grace Newcomer”" }).waitFor();
      await people.press("Enter");
      await page
        .getByRole("button", { name: "Remove Grace Newcomer from People of section 1, item 1" })
        .waitFor();
      // The entry the item is about, from the entry picker by keyboard (searched by title).
      const related = page.locator("#f-sections-0-items-0-related");
      await related.fill("xen 4.0 feat");
      await page
        .getByRole("option", { name: /^Xen 4\.0 Feature List Announcement · 2010-04/ })
        .waitFor();
      await related.press("ArrowDown");
      await related.press("ArrowUp");
      await related.press("Enter");
      const chosen = page.locator("#f-sections-0-items-0-related-chosen");
      await chosen.getByText("Xen 4.0 Feature List").waitFor();
      expect(await related.getAttribute("aria-describedby")).toContain(
        "f-sections-0-items-0-related-chosen",
      );
      await page.getByRole("button", { name: "Add a section" }).click();
      await page.locator("#f-sections-1-title").fill("Xen News");
      await page.getByRole("button", { name: "Move section 2 up" }).click();
      await expect.poll(() => page.locator("#f-sections-0-title").inputValue()).toBe("Xen News");
      // The moved item's old path is another section's now: the preview goes back to the intro.
      await page.getByRole("heading", { name: "Intro preview" }).waitFor();
      await page.getByRole("button", { name: "Create draft" }).click();
      await page.getByText("Saved.").waitFor();
      await page.waitForURL(/\/admin\/issues\/[^/]+$/);
      await shot(page, "10-issue-editor");
      await axe(page, "issue editor");
      const issueId = decodeURIComponent(page.url().split("/").pop() as string);
      const issue = await api(
        `query($id: ID!) { node(id: $id) { ... on Issue { volume number
          sections { kind title items { title body { markdown } people { slug name } related { id title } } } } } }`,
        { id: issueId },
      );
      const relatedId = (await api(`{ announcement(slug: "xen-4-0-feature-list") { id } }`, {}))
        .data.announcement?.id as string;
      expect(await page.locator("#f-sections-1-items-0-related-chosen code").textContent()).toBe(
        relatedId,
      );
      expect(issue.data.node).toEqual({
        volume: 11,
        number: 1,
        sections: [
          { kind: "NEWS", title: "Xen News", items: [] },
          {
            kind: "MEMBERS",
            title: "Xen Members in Action",
            items: [
              {
                title: "Thanks for the wiki page",
                body: { markdown: "A **very** detailed page." },
                people: [
                  { slug: "tapas-mishra", name: "Tapas Mishra" },
                  { slug: "grace-newcomer", name: "Grace Newcomer" },
                ],
                related: { id: relatedId, title: "Xen 4.0 Feature List" },
              },
            ],
          },
        ],
      });

      // A new event with registration, a price and a session with a speaker.
      await page.getByRole("link", { name: "New event" }).click();
      await page.getByRole("heading", { name: "New event" }).waitFor();
      await page.locator("#f-title").fill("Xen Summit Europe 2026");
      await page.getByLabel(/^Starts \(your time/).fill("2026-09-10T09:00");
      await page.getByLabel(/^Ends \(your time/).fill("2026-09-11T17:00");
      await page.getByText("= 2026-09-10T07:00:00.000Z UTC").waitFor();
      await page.getByLabel("Venue").fill("Cambridge, UK");
      await page.getByLabel("Registration URL").fill("https://xen.example.org/summit");
      await page.getByLabel("Price").fill("235.00");
      await page.getByLabel("Currency").fill("USD");
      await page.getByRole("button", { name: "Add a session" }).click();
      await page.locator("#f-sessions-0-title").fill("Opening keynote");
      await page.locator("#f-sessions-0-startsAt").fill("2026-09-10T09:00");
      const speakers = page.locator("#f-sessions-0-speakers");
      await speakers.fill("pratt");
      await page.getByRole("option", { name: /Ian Pratt/ }).waitFor();
      await speakers.press("ArrowDown");
      await speakers.press("ArrowUp");
      await speakers.press("Enter");
      await page.getByRole("button", { name: "Create draft" }).click();
      await page.getByText("Saved.").waitFor();
      await page.waitForURL(/\/admin\/events\/[^/]+$/);
      await shot(page, "11-event-editor");
      await axe(page, "event editor");
      const eventId = decodeURIComponent(page.url().split("/").pop() as string);
      const event = await api(
        `query($id: ID!) { node(id: $id) { ... on Event { startsAt venue
          registration { url price { amount currency } }
          sessions(first: 10) { edges { node { title startsAt speakers { slug } } } } } } }`,
        { id: eventId },
      );
      expect(event.data.node).toEqual({
        startsAt: "2026-09-10T07:00:00.000Z",
        venue: "Cambridge, UK",
        registration: {
          url: "https://xen.example.org/summit",
          price: { amount: "235.00", currency: "USD" },
        },
        sessions: {
          edges: [
            {
              node: {
                title: "Opening keynote",
                startsAt: "2026-09-10T07:00:00.000Z",
                speakers: [{ slug: "ian-pratt" }],
              },
            },
          ],
        },
      });

      // Someone changes the event meanwhile: the stale save offers the comparison, field by field.
      const elsewhere = await api(
        `mutation($id: ID!) { updateEvent(id: $id, patch: { venue: "AMD, Sunnyvale",
          sessions: [{ title: "Keynote (moved)", speakers: ["ian-pratt"] }] }) { __typename } }`,
        { id: eventId },
      );
      expect(elsewhere.data.updateEvent?.__typename).toBe("UpdateEventSuccess");
      await page.getByLabel("Venue").fill("Cambridge, England");
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText("Changed since you opened it").waitFor();
      await page.getByRole("button", { name: "Compare" }).click();
      const compare = page.getByRole("table", { name: /What differs/ });
      await compare
        .getByRole("row", { name: /^Venue Cambridge, England AMD, Sunnyvale$/ })
        .waitFor();
      await compare
        .getByRole("row", { name: /^Sessions 1 › Title Opening keynote Keynote \(moved\)$/ })
        .waitFor();
      await shot(page, "12-event-compare");
      await axe(page, "event compare");
      await page.getByRole("button", { name: "Reload" }).click();
      await expect.poll(() => page.getByLabel("Venue").inputValue()).toBe("AMD, Sunnyvale");

      // Webhooks: the partner got the publish; a test ping and a redelivery from the app.
      await page.getByRole("link", { name: "Webhooks" }).click();
      await page.getByRole("heading", { name: "Partner site" }).waitFor();
      await page.getByRole("button", { name: "Send a test ping" }).click();
      await page.getByText(/^Test ping: delivered/).waitFor();
      await page
        .getByRole("button", { name: /^Redeliver #/ })
        .first()
        .click();
      await page.getByText(/sent again: delivered/).waitFor();
      await shot(page, "13-webhooks");
      await axe(page, "webhooks");

      // Sign out: the session is over on the server too.
      const cookieHeader = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in to the newsletter editor" }).waitFor();
      await shot(page, "14-signed-out");
      const after = await fetch(`${http.url}/admin/session`, {
        headers: { cookie: cookieHeader },
      });
      expect(await after.json()).toEqual({ editor: null });

      expect(offsite).toEqual([]);
      expect(csp).toEqual([]);
    } catch (error) {
      if (current) await shot(current, "failure").catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
      await receiver.close();
    }
  });
});
