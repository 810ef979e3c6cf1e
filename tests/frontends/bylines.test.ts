import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

const CREATE_NEWS = `mutation($input: AnnouncementInput!) { createAnnouncement(input: $input) {
  ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id slug authors { slug name } } } } }`;
const UPDATE_NEWS = `mutation($id: ID!, $patch: AnnouncementPatch!, $asRevision: Boolean) {
  updateAnnouncement(id: $id, patch: $patch, asRevision: $asRevision) {
  ${ERRORS} ... on UpdateAnnouncementSuccess { announcement { id authors { slug } } } } }`;
const PUBLISH = `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`;
const CREATE_EVENT = `mutation($input: EventInput!) { createEvent(input: $input) {
  ${ERRORS} ... on CreateEventSuccess { event { id slug title name } } } }`;
const CREATE_POLL = `mutation($input: PollInput!) { createPoll(input: $input) {
  ${ERRORS} ... on CreatePollSuccess { poll { id totalVotes resultsHiddenReason countsRecorded options { votes share } } } } }`;

describe.each(backends())("bylines, event names and unrecorded poll counts on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  const clock = new TestClock(new Date("2026-12-01T09:00:00Z"));
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb, { clock });
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  it("the seed names no author (the source signs nothing): every byline is empty", async () => {
    const r = await app.gql<{ timeline: { edges: { node: { authors: unknown[] } }[] } }>(
      "{ timeline(first: 10) { edges { node { authors { slug } } } } }",
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.timeline.edges.map((e) => e.node.authors)).toEqual([[], [], [], [], []]);
  });

  it("an entry's byline is written in order, replaced whole, refused for unknown people, and listed under the person", async () => {
    const created = payload(
      await app.gql(
        CREATE_NEWS,
        {
          input: {
            title: "Bylined news",
            kind: "NEWS",
            authors: ["ian-pratt", "brian-j-hall"],
          },
        },
        editor,
      ),
      "createAnnouncement",
    ).announcement as { id: string; authors: { slug: string; name: string }[] };
    expect(created.authors).toEqual([
      { slug: "ian-pratt", name: "Ian Pratt" },
      { slug: "brian-j-hall", name: "Brian J. Hall" },
    ]);
    const unknown = payload(
      await app.gql(UPDATE_NEWS, { id: created.id, patch: { authors: ["nobody-here"] } }, editor),
      "updateAnnouncement",
    );
    expect(unknown.fieldErrors).toEqual([
      {
        path: ["input", "authors"],
        message: "unknown person: nobody-here",
        code: "UNKNOWN_PERSON",
      },
    ]);
    const replaced = payload(
      await app.gql(UPDATE_NEWS, { id: created.id, patch: { authors: ["brian-j-hall"] } }, editor),
      "updateAnnouncement",
    ).announcement as { authors: { slug: string }[] };
    expect(replaced.authors).toEqual([{ slug: "brian-j-hall" }]);
    expect(
      payload(await app.gql(PUBLISH, { id: created.id }, editor), "publishContent").__typename,
    ).toBe("PublishContentSuccess");
    const person = await app.gql<{
      person: { appearsIn: { edges: { node: { title: string } }[] } };
    }>(`{ person(slug: "brian-j-hall") { appearsIn(first: 5) { edges { node { title } } } } }`);
    expect(person.data?.person.appearsIn.edges.map((e) => e.node.title)).toEqual([
      "Bylined news",
      "Mascot Contest – Vote for your favorite",
    ]);
  });

  it("a pending edit's byline waits for its publication", async () => {
    const created = payload(
      await app.gql(
        CREATE_NEWS,
        { input: { title: "Byline edit", kind: "NEWS", authors: ["tapas-mishra"] } },
        editor,
      ),
      "createAnnouncement",
    ).announcement as { id: string; slug: string };
    payload(await app.gql(PUBLISH, { id: created.id }, editor), "publishContent");
    const pending = payload(
      await app.gql(
        UPDATE_NEWS,
        { id: created.id, patch: { authors: ["nick-couchman"] }, asRevision: true },
        editor,
      ),
      "updateAnnouncement",
    ).announcement as { id: string };
    const live = `{ announcement(slug: "${created.slug}") { authors { slug } } }`;
    expect((await app.gql(live)).data).toEqual({
      announcement: { authors: [{ slug: "tapas-mishra" }] },
    });
    payload(await app.gql(PUBLISH, { id: pending.id }, editor), "publishContent");
    expect((await app.gql(live)).data).toEqual({
      announcement: { authors: [{ slug: "nick-couchman" }] },
    });
  });

  it("a person in a byline cannot be deleted from under it", async () => {
    const made = await app.gql<{ createPerson: { person: { id: string } } }>(
      `mutation { createPerson(input: { name: "Byline Only" }) { ... on CreatePersonSuccess { person { id } } } }`,
      {},
      editor,
    );
    const id = made.data?.createPerson.person.id;
    payload(
      await app.gql(
        CREATE_NEWS,
        { input: { title: "Signed piece", kind: "NEWS", authors: ["byline-only"] } },
        editor,
      ),
      "createAnnouncement",
    );
    const r = await app.gql<{
      deletePerson: { __typename: string; fieldErrors?: { code: string }[] };
    }>(`mutation($id: ID!) { deletePerson(id: $id) { ${ERRORS} } }`, { id }, editor);
    expect(r.data?.deletePerson.fieldErrors?.map((e) => e.code)).toEqual(["IN_USE"]);
    // The same rule for every way an entry names a person (here the press release's quote).
    const ian = await app.gql<{ person: { id: string } }>(`{ person(slug: "ian-pratt") { id } }`);
    const quoted = await app.gql<{ deletePerson: { fieldErrors?: { code: string }[] } }>(
      `mutation($id: ID!) { deletePerson(id: $id) { ${ERRORS} } }`,
      { id: ian.data?.person.id },
      editor,
    );
    expect(quoted.data?.deletePerson.fieldErrors?.map((e) => e.code)).toEqual(["IN_USE"]);
  });

  it("the summit has its own name; the post keeps its headline; a new event without one is named by its title", async () => {
    const summit = await app.gql<{ event: { title: string; name: string } }>(
      `{ event(slug: "xen-summit-north-america-at-amd-agenda-announced") { title name } }`,
    );
    expect(summit.data?.event).toEqual({
      title: "Xen Summit North America at AMD – Agenda Announced",
      name: "Xen Summit North America at AMD",
    });
    const made = payload(
      await app.gql(
        CREATE_EVENT,
        {
          input: {
            title: "Meetup announced",
            startsAt: "2027-01-10T18:00:00Z",
            endsAt: "2027-01-10T20:00:00Z",
          },
        },
        editor,
      ),
      "createEvent",
    ).event as { name: string };
    expect(made.name).toBe("Meetup announced");
    const cal = new ICAL.Component(
      ICAL.parse(
        await (
          await app.fetch("/feeds/events/xen-summit-north-america-at-amd-agenda-announced.ics")
        ).text(),
      ),
    );
    expect(cal.getFirstPropertyValue("x-wr-calname")).toBe("Xen Summit North America at AMD");
    expect(cal.getFirstSubcomponent("vevent")?.getFirstPropertyValue("summary")).toBe(
      "Xen Summit North America at AMD",
    );
    const feed = (await (await app.fetch("/feeds/events.json")).json()) as {
      items: { title: string; content_html: string }[];
    };
    const entry = feed.items.find((i) => i.title.startsWith("Xen Summit"));
    expect(entry?.title).toBe("Xen Summit North America at AMD – Agenda Announced");
    expect(entry?.content_html).toContain(
      "<strong>Event:</strong> Xen Summit North America at AMD",
    );
  });

  it("the 2010 poll's counts are unknown, not zero, for readers and editors alike", async () => {
    const q = `{ poll(slug: "mascot-contest-vote-for-your-favorite") {
      totalVotes resultsHiddenReason countsRecorded winner { label } options { votes share } } }`;
    const unknown = {
      totalVotes: null,
      resultsHiddenReason: "NOT_RECORDED",
      countsRecorded: false,
      winner: null,
      options: [
        { votes: null, share: null },
        { votes: null, share: null },
        { votes: null, share: null },
      ],
    };
    expect((await app.gql(q)).data).toEqual({ poll: unknown });
    expect((await app.gql(q, {}, editor)).data).toEqual({ poll: unknown });
  });

  it("an editor marks an archived poll's counts as not recorded; it must say when it closed", async () => {
    const options = [{ label: "Yes" }, { label: "No" }];
    const refused = payload(
      await app.gql(
        CREATE_POLL,
        { input: { title: "Old poll", question: "Q?", options, countsRecorded: false } },
        editor,
      ),
      "createPoll",
    );
    expect(refused.fieldErrors?.map((e) => [e.path, e.code])).toEqual([
      [["input", "closesAt"], "REQUIRED"],
    ]);
    const made = payload(
      await app.gql(
        CREATE_POLL,
        {
          input: {
            title: "Old poll",
            question: "Q?",
            options,
            countsRecorded: false,
            closesAt: "2009-05-01T00:00:00Z",
          },
        },
        editor,
      ),
      "createPoll",
    ).poll;
    expect(made).toMatchObject({
      totalVotes: null,
      resultsHiddenReason: "NOT_RECORDED",
      countsRecorded: false,
      options: [
        { votes: null, share: null },
        { votes: null, share: null },
      ],
    });
  });
});
