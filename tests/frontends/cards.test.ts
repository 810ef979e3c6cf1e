import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSynthetic } from "../../seeds/synthetic.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

type Edges<T> = { edges: { node: T }[] };

const CARD = `__typename title excerpt readingTime body { text } coverImage { url alt width height }
  seo { title description image { url } }`;

describe.each(backends())("cards, directories and neighbours on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    app = testApp(tdb);
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  it("shows every seed entry as a card with no type fragments", async () => {
    const r = await app.gql<{ timeline: Edges<Record<string, unknown>> }>(
      `{ timeline(first: 10) { edges { node { ${CARD} } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const cards = r.data?.timeline.edges.map((e) => e.node) ?? [];
    expect(cards.map((c) => [c.__typename, c.excerpt])).toEqual([
      [
        "Issue",
        "Welcome to the new weekly newsletter with a variety of information to keep you updated on all things Xen. This newsletter is an upgrade from my previous weekly communications and is meant to offer a broader scope of activities. Please feel free to contact me with suggestions…",
      ],
      [
        "Announcement",
        "Here is the complete Xen 4.0 feature list: Thanks again to the community for their outstanding efforts in developing this important community release.",
      ],
      [
        "Announcement",
        "Xen.org, the home of the open source Xen® hypervisor, today announced the availability of Xen 4.0, the most advanced open source hypervisor software available. The release is the collective effort of a global development team representing more than 50 leading technology…",
      ],
      ["Poll", "Vote for your favorite"],
      [
        "Event",
        "The final (or just about final) agenda for Xen Summit North America at AMD is now available. The agenda has 26 presentations over 2 days (April 28-29) and provides attendees with a variety of topics of interest to the community. Speaker profiles and topic abstracts are also now…",
      ],
    ]);
    for (const c of cards) {
      expect((c.excerpt as string).length).toBeLessThanOrEqual(280);
      expect(c.readingTime).toBe(1);
      // The seed keeps no pictures: its images' addresses are lost.
      expect(c.coverImage).toBeNull();
      const seo = c.seo as { title: string; description: string; image: unknown };
      expect(seo.title).toBe(c.title);
      expect(seo.description.length).toBeLessThanOrEqual(160);
      expect(seo.image).toBeNull();
    }
    expect(cards[0]?.seo).toEqual({
      title: "Weekly Newsletter Vol 10 No 15",
      description:
        "Welcome to the new weekly newsletter with a variety of information to keep you updated on all things Xen. This newsletter is an upgrade from my previous…",
      image: null,
    });
    // body: one name across types (an issue's intro, a poll's description).
    expect((cards[0]?.body as { text: string } | undefined)?.text).toBe(
      "Welcome to the new weekly newsletter with a variety of information to keep you updated on all things Xen. This newsletter is an upgrade from my previous weekly communications and is meant to offer a broader scope of activities. Please feel free to contact me with suggestions for the newsletter.",
    );
    expect((cards[3]?.body as { text: string } | undefined)?.text).toMatch(
      /^Xen Community:\nWelcome to the final voting in the Mascot Contest\./,
    );
  });

  it("reads a long body's time and takes its first picture as the cover", async () => {
    const words = Array.from({ length: 1100 }, (_, i) => `word${i}`).join(" ");
    const body = `Intro with a picture ![The summit hall](https://img.example.org/hall.jpg) and a second ![x](https://img.example.org/2.jpg).\n\n${words}`;
    const created = payload(
      await app.gql(
        `mutation($b: String!) { createAnnouncement(input: { title: "Long read", kind: NEWS, body: $b }) { ${ERRORS} ... on CreateAnnouncementSuccess { announcement { id excerpt readingTime coverImage { url alt width height } seo { image { url alt } } } } } }`,
        { b: body },
        editor,
      ),
      "createAnnouncement",
    ).announcement as Record<string, unknown>;
    // 1,100 words plus the intro's at 275 a minute: 4 minutes.
    expect(created.readingTime).toBe(4);
    expect(created.coverImage).toEqual({
      url: "https://img.example.org/hall.jpg",
      alt: "The summit hall",
      width: null,
      height: null,
    });
    expect(created.seo).toEqual({
      image: { url: "https://img.example.org/hall.jpg", alt: "The summit hall" },
    });
    expect(created.excerpt).toMatch(/^Intro with a picture and a second \. word0 word1 /);
    expect((created.excerpt as string).endsWith("…")).toBe(true);
  });

  it("lists tags with counts of what readers see, pages them by slug, and finds one by slug", async () => {
    // A tag only a draft carries stays unknown to readers, and drafts do not count.
    await app.gql(
      `mutation { createTag(input: { slug: "codename", name: "Codename" }) { __typename } }`,
      {},
      editor,
    );
    payload(
      await app.gql(
        `mutation { createAnnouncement(input: { title: "Draft with tags", kind: NEWS, tags: ["codename", "xen-4-0"] }) { ${ERRORS} } }`,
        {},
        editor,
      ),
      "createAnnouncement",
    );
    const first = await app.gql<{
      tags: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string } } & Edges<{
        slug: string;
        name: string;
        entryCount: number;
      }>;
    }>(
      `{ tags(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug name entryCount } } } }`,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.tags.totalCount).toBe(4);
    expect(first.data?.tags.edges.map((e) => e.node)).toEqual([
      { slug: "mascot", name: "Mascot", entryCount: 1 },
      { slug: "newsletter", name: "Newsletter", entryCount: 1 },
    ]);
    expect(first.data?.tags.pageInfo.hasNextPage).toBe(true);
    const rest = await app.gql<{
      tags: Edges<{ slug: string; entryCount: number }> & { pageInfo: { hasNextPage: boolean } };
    }>(
      `query($after: String) { tags(first: 10, after: $after) { pageInfo { hasNextPage } edges { node { slug entryCount } } } }`,
      { after: first.data?.tags.pageInfo.endCursor },
    );
    expect(rest.data?.tags.edges.map((e) => e.node)).toEqual([
      { slug: "xen-4-0", entryCount: 2 },
      { slug: "xen-summit", entryCount: 2 },
    ]);
    expect(rest.data?.tags.pageInfo.hasNextPage).toBe(false);

    const one = await app.gql(
      `{ tag(slug: "xen-summit") { name entryCount entries(first: 5) { totalCount feeds { url format } edges { node { __typename title } } } }
         codename: tag(slug: "codename") { name } missing: tag(slug: "nope") { name } }`,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({
      tag: {
        name: "Xen Summit",
        entryCount: 2,
        entries: {
          totalCount: 2,
          feeds: expect.arrayContaining([
            { url: "https://api.xen.example.org/feeds/tags/xen-summit.rss", format: "RSS" },
          ]),
          edges: [
            { node: { __typename: "Poll", title: "Mascot Contest – Vote for your favorite" } },
            {
              node: {
                __typename: "Event",
                title: "Xen Summit North America at AMD – Agenda Announced",
              },
            },
          ],
        },
      },
      codename: null,
      missing: null,
    });
    // Editors see the draft's tag and count it.
    const seen = await app.gql(
      `{ tag(slug: "codename") { entryCount } x: tag(slug: "xen-4-0") { entryCount } }`,
      {},
      editor,
    );
    expect(seen.data).toEqual({ tag: { entryCount: 1 }, x: { entryCount: 3 } });

    const bad = await app.gql(`{ tags(after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_CURSOR");
  });

  it("lists the people the archive names, each with their entries", async () => {
    const r = await app.gql<{
      people: { totalCount: number } & Edges<{
        slug: string;
        name: string;
        appearsIn: Edges<{ title: string }>;
      }>;
    }>(
      `{ people(first: 10) { totalCount edges { node { slug name appearsIn(first: 3) { edges { node { title } } } } } } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data?.people.totalCount).toBe(6);
    expect(
      r.data?.people.edges.map((e) => [
        e.node.slug,
        e.node.appearsIn.edges.map((a) => a.node.title),
      ]),
    ).toEqual([
      ["brian-j-hall", ["Mascot Contest – Vote for your favorite"]],
      ["christoph-egger", ["Weekly Newsletter Vol 10 No 15"]],
      ["grant-mcwilliams", ["Weekly Newsletter Vol 10 No 15"]],
      ["ian-pratt", ["Xen.org Announces Xen 4.0 Availability"]],
      ["nick-couchman", ["Weekly Newsletter Vol 10 No 15"]],
      ["tapas-mishra", ["Weekly Newsletter Vol 10 No 15"]],
    ]);
  });

  it("links each entry to its older and newer neighbour of the same type, and to related entries", async () => {
    const r = await app.gql<{ timeline: Edges<Record<string, unknown>> }>(
      `{ timeline(first: 10) { edges { node { title previous { title } next { title } related { __typename title } } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const byTitle = Object.fromEntries(
      (r.data?.timeline.edges ?? []).map((e) => [e.node.title, e.node]),
    );
    expect(byTitle["Xen 4.0 Feature List"]).toMatchObject({
      previous: { title: "Xen.org Announces Xen 4.0 Availability" },
      next: null,
      related: [{ __typename: "Announcement", title: "Xen.org Announces Xen 4.0 Availability" }],
    });
    expect(byTitle["Xen.org Announces Xen 4.0 Availability"]).toMatchObject({
      previous: null,
      next: { title: "Xen 4.0 Feature List" },
    });
    expect(byTitle["Weekly Newsletter Vol 10 No 15"]).toMatchObject({
      previous: null,
      next: null,
      related: [],
    });
    // The poll and the summit share the xen-summit tag.
    expect(byTitle["Mascot Contest – Vote for your favorite"]?.related).toEqual([
      { __typename: "Event", title: "Xen Summit North America at AMD – Agenda Announced" },
    ]);
    const tooMany = await app.gql(
      `{ timeline(first: 1) { edges { node { related(first: 21) { title } } } } }`,
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("PAGE_SIZE_OUT_OF_RANGE");
  });

  it("gives an all-day event its inclusive dates: the summit reads April 28–29", async () => {
    const r = await app.gql(
      `{ events(first: 1) { edges { node { startsAt endsAt allDay startDate endDate } } } }`,
    );
    expect(r.data).toEqual({
      events: {
        edges: [
          {
            node: {
              startsAt: "2010-04-28T00:00:00.000Z",
              endsAt: "2010-04-30T00:00:00.000Z",
              allDay: true,
              startDate: "2010-04-28",
              endDate: "2010-04-29",
            },
          },
        ],
      },
    });
  });

  it("reads a timed event's dates in its own zone, not in UTC", async () => {
    // 5 pm to midnight in California is 00:00–07:00 UTC the next day.
    const e = payload(
      await app.gql(
        `mutation { createEvent(input: { title: "Evening meetup", startsAt: "2010-04-28T17:00:00-07:00", endsAt: "2010-04-29T00:00:00-07:00", timeZone: "America/Los_Angeles" }) { ${ERRORS} ... on CreateEventSuccess { event { startsAt startDate endDate } } } }`,
        {},
        editor,
      ),
      "createEvent",
    ).event;
    expect(e).toEqual({
      startsAt: "2010-04-29T00:00:00.000Z",
      startDate: "2010-04-28",
      endDate: "2010-04-28",
    });
  });
});

describe.each(backends())("cards over the synthetic archive on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    await seedSynthetic(tdb.database.db, { count: 60, seed: 5 });
    app = testApp(tdb);
  });
  afterAll(() => tdb.drop());

  const PAGE = `query($n: Int!) { timeline(first: $n) { edges { node { ${CARD} tags { slug }
    previous { title } next { title } related(first: 3) { title } } } } }`;

  it("reads a page of cards with neighbours in the same number of statements at any page size", async () => {
    const run = async (n: number) => {
      tdb.sql.reset();
      const r = await app.gql<{ timeline: Edges<Record<string, unknown>> }>(PAGE, { n });
      expect(r.errors).toBeUndefined();
      expect(r.data?.timeline.edges).toHaveLength(n);
      return tdb.sql.count;
    };
    // Ten of the newest entries hold all four types, as forty do.
    const small = await run(10);
    expect(await run(40)).toBe(small);
    // The page with every entry's record (one); tags, word counts, neighbours and related
    // entries (one each); the neighbours' and related entries (one per type).
    expect(small).toBe(9);
  });

  it("keeps newer and older links symmetric across a type's whole list", async () => {
    const r = await app.gql<{
      issues: Edges<{
        title: string;
        previous: { title: string } | null;
        next: { title: string } | null;
      }>;
    }>(`{ issues(first: 30) { edges { node { title previous { title } next { title } } } } }`);
    const list = r.data?.issues.edges.map((e) => e.node) ?? [];
    expect(list).toHaveLength(30);
    for (let i = 0; i + 1 < list.length; i++) {
      expect(list[i]?.previous?.title).toBe(list[i + 1]?.title);
      expect(list[i + 1]?.next?.title).toBe(list[i]?.title);
    }
    expect(list[0]?.next).toBeNull();
  });
});
