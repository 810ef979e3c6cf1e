import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SITE, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

type Gql = ReturnType<typeof testApp>["gql"];

describe.each(backends())("the April 2010 archive through GraphQL on %s", (backend) => {
  let tdb: TestDatabase;
  let gql: Gql;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    gql = testApp(tdb).gql;
  });
  afterAll(() => tdb.drop());

  it("April 2010 holds exactly the five entries, newest first", async () => {
    const r = await gql(`{
      archive { month total issues announcements events polls }
      archiveMonth(month: "2010-04") {
        month total
        entries(first: 10) { totalCount edges { node { __typename title slug publishedAt publishedAtPrecision url } } }
      }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.archive).toEqual([
      { month: "2010-04", total: 5, issues: 1, announcements: 2, events: 1, polls: 1 },
    ]);
    expect(r.data?.archiveMonth).toEqual({
      month: "2010-04",
      total: 5,
      entries: {
        totalCount: 5,
        edges: [
          [
            "Issue",
            "Weekly Newsletter Vol 10 No 15",
            "weekly-newsletter-vol-10-no-15",
            "2010-04-13T12:00:00.000Z",
            "MONTH",
            "issues",
          ],
          [
            "Announcement",
            "Xen 4.0 Feature List",
            "xen-4-0-feature-list",
            "2010-04-13T11:00:00.000Z",
            "MONTH",
            "announcements",
          ],
          [
            "Announcement",
            "Xen.org Announces Xen 4.0 Availability",
            "xen-org-announces-xen-4-0-availability",
            "2010-04-13T10:00:00.000Z",
            "DAY",
            "announcements",
          ],
          [
            "Poll",
            "Mascot Contest – Vote for your favorite",
            "mascot-contest-vote-for-your-favorite",
            "2010-04-13T09:00:00.000Z",
            "MONTH",
            "polls",
          ],
          [
            "Event",
            "Xen Summit North America at AMD – Agenda Announced",
            "xen-summit-north-america-at-amd-agenda-announced",
            "2010-04-13T08:00:00.000Z",
            "MONTH",
            "events",
          ],
        ].map(([__typename, title, slug, publishedAt, publishedAtPrecision, path]) => ({
          node: {
            __typename,
            title,
            slug,
            publishedAt,
            publishedAtPrecision,
            url: `${SITE}/${path}/${slug}`,
          },
        })),
      },
    });
  });

  it("the issue: intro, five sections, members in action, superstars and the week's stats", async () => {
    const r = await gql<{ issue: Record<string, unknown> }>(`{
      issue(volume: 10, number: 15) {
        title volume number summary fullNewsletterUrl
        intro { markdown text }
        sections { kind title items { title body { text } url people { name slug } related { title } } }
        stats {
          weekStart weekEnd visitors pageViews
          browserShares { browser share }
          mailingLists { list posts url }
          superstars { name }
        }
      }
    }`);
    expect(r.errors).toBeUndefined();
    const issue = r.data?.issue;
    expect(issue?.title).toBe("Weekly Newsletter Vol 10 No 15");
    expect([issue?.volume, issue?.number, issue?.summary, issue?.fullNewsletterUrl]).toEqual([
      10,
      15,
      null,
      null,
    ]);
    expect((issue?.intro as { text: string } | undefined)?.text).toBe(
      "Welcome to the new weekly newsletter with a variety of information to keep you updated on all things Xen. This newsletter is an upgrade from my previous weekly communications and is meant to offer a broader scope of activities. Please feel free to contact me with suggestions for the newsletter.",
    );
    expect(issue?.sections).toEqual([
      { kind: "NEWS", title: "Xen News", items: [] },
      { kind: "EVENTS", title: "Xen Events", items: [] },
      { kind: "PRODUCTS", title: "Xen Products", items: [] },
      {
        kind: "MEMBERS",
        title: "Xen Members in Action",
        items: [
          {
            title: "Thanks to Tapas Mishra for his new VERY detailed Wiki Page",
            body: { text: "(see Xen Products section for link)" },
            url: null,
            people: [{ name: "Tapas Mishra", slug: "tapas-mishra" }],
            related: null,
          },
          {
            title: "Mailing Lists SuperStars",
            body: { text: "Nick Couchman, Grant McWilliams, & Christoph Egger" },
            url: null,
            people: [
              { name: "Nick Couchman", slug: "nick-couchman" },
              { name: "Grant McWilliams", slug: "grant-mcwilliams" },
              { name: "Christoph Egger", slug: "christoph-egger" },
            ],
            related: null,
          },
        ],
      },
      {
        kind: "STATS",
        title: "Xen Weekly Stats",
        items: [
          {
            title: "Web Stats",
            body: { text: "31,804 visitors; 102,722 Page Views; 4.26% users ran Opera" },
            url: null,
            people: [],
            related: null,
          },
        ],
      },
    ]);
    expect(issue?.stats).toEqual({
      weekStart: "2010-04-12",
      weekEnd: "2010-04-18",
      visitors: 31804,
      pageViews: 102722,
      browserShares: [{ browser: "Opera", share: 4.26 }],
      mailingLists: [
        { list: "xen-users", posts: null, url: null },
        { list: "xen-devel", posts: null, url: null },
        { list: "xen-api", posts: null, url: null },
      ],
      superstars: [
        { name: "Nick Couchman" },
        { name: "Grant McWilliams" },
        { name: "Christoph Egger" },
      ],
    });
  });

  it("the feature list: 17 highlights, the six named wiki links", async () => {
    const r = await gql<{
      announcement: {
        kind: string;
        highlights: {
          title: string;
          detail: string | null;
          links: { title: string; url: string }[];
        }[];
      };
    }>(`{
      announcement(slug: "xen-4-0-feature-list") {
        kind dateline body { text }
        highlights { title detail links { title url } }
      }
    }`);
    expect(r.errors).toBeUndefined();
    const a = r.data?.announcement;
    expect(a?.kind).toBe("FEATURE_LIST");
    expect(a?.highlights).toHaveLength(17);
    expect(a?.highlights[0]).toEqual({
      title: "Better performance and scalability",
      detail:
        "128 vcpus per guest, 1 TB of RAM per host, 128 physical CPUs per host (as a default, can be compile-time increased to lots more).",
      links: [],
    });
    expect(a?.highlights[16]).toEqual({ title: "And more..", detail: null, links: [] });
    expect(a?.highlights.flatMap((h) => h.links.map((l) => l.title))).toEqual([
      "blktap2",
      "XenPCIpassthrough",
      "VTdHowTo",
      "XenVGAPassthrough",
      "XenDom0Kernels",
      "XenUSBPassthrough",
    ]);
    expect(a?.highlights[1]?.links).toEqual([
      { title: "blktap2", url: "http://wiki.xensource.com/xenwiki/blktap2" },
    ]);
  });

  it("the press release: dateline, body and Ian Pratt's quote", async () => {
    const r = await gql<{ announcement: Record<string, unknown> }>(`{
      announcement(slug: "xen-org-announces-xen-4-0-availability") {
        kind dateline sourceUrl body { text }
        quotes { text role person { name slug bio } }
      }
    }`);
    expect(r.errors).toBeUndefined();
    const a = r.data?.announcement;
    expect(a?.kind).toBe("PRESS_RELEASE");
    expect(a?.dateline).toBe("CAMBRIDGE, UK, 4/13/2010");
    expect(a?.sourceUrl).toBeNull();
    expect((a?.body as { text: string } | undefined)?.text).toContain(
      "representing more than 50 leading technology vendors, universities, and virtualization experts",
    );
    expect(a?.quotes).toEqual([
      {
        text: "The explosion of cloud computing in the industry and increasing demands from enterprise customers are the driving force behind the continued technology advancement of the Xen community.  The Xen hypervisor already powers most of the world’s largest clouds and our customer base expects the Xen community to set the pace in virtualization infrastructure.  Xen 4.0 delivers on these expectations.",
        role: "founder and chairman of Xen.org",
        person: { name: "Ian Pratt", slug: "ian-pratt", bio: null },
      },
    ]);
  });

  it("the mascot poll: three finalists, the April 28 close, results at the summit, Brian J. Hall's drawings", async () => {
    const r = await gql<{ poll: Record<string, unknown> }>(`{
      poll(slug: "mascot-contest-vote-for-your-favorite") {
        question opensAt closesAt status totalVotes resultsAnnouncedOn
        resultsHiddenReason countsRecorded
        options { label imageUrl votes share }
        winner { label }
        resultsEvent { title startsAt }
        credits { name bio }
      }
    }`);
    expect(r.errors).toBeUndefined();
    expect(r.data?.poll).toEqual({
      question: "Vote for your favorite",
      opensAt: null,
      closesAt: "2010-04-28T23:59:59.000Z",
      status: "CLOSED",
      // No counts survive: unknown, not "nobody voted".
      totalVotes: null,
      resultsHiddenReason: "NOT_RECORDED",
      countsRecorded: false,
      resultsAnnouncedOn: "2010-04-29",
      options: [
        { label: "Bonsai Tree", imageUrl: null, votes: null, share: null },
        { label: "Panda Bear", imageUrl: null, votes: null, share: null },
        { label: "Zen Penguin", imageUrl: null, votes: null, share: null },
      ],
      winner: null,
      resultsEvent: {
        title: "Xen Summit North America at AMD – Agenda Announced",
        startsAt: "2010-04-28T00:00:00.000Z",
      },
      credits: [
        {
          name: "Brian J. Hall",
          bio: "Brian J. Hall is a freelance artist, illustrator, animator, programmer and web developer.",
        },
      ],
    });
  });

  it("the summit: April 28–29, 26 presentations, $235", async () => {
    const r = await gql<{ event: Record<string, unknown> }>(`{
      event(slug: "xen-summit-north-america-at-amd-agenda-announced") {
        title name startsAt endsAt allDay timeZone venue presentationCount
        registration { url price { amount currency } }
        sessions(first: 30) { totalCount edges { node { title } } }
        speakers { name }
        description { text }
      }
    }`);
    expect(r.errors).toBeUndefined();
    const e = r.data?.event;
    expect(e).toMatchObject({
      title: "Xen Summit North America at AMD – Agenda Announced",
      name: "Xen Summit North America at AMD",
      startsAt: "2010-04-28T00:00:00.000Z",
      endsAt: "2010-04-30T00:00:00.000Z",
      allDay: true,
      timeZone: null,
      venue: "AMD",
      presentationCount: 26,
      registration: { url: null, price: { amount: "235.00", currency: "USD" } },
      sessions: { totalCount: 0, edges: [] },
      speakers: [],
    });
    expect((e?.description as { text: string } | undefined)?.text).toContain(
      "26 presentations over 2 days (April 28-29)",
    );
  });

  it("every person the archive names", async () => {
    const names = [
      ["tapas-mishra", "Tapas Mishra"],
      ["nick-couchman", "Nick Couchman"],
      ["grant-mcwilliams", "Grant McWilliams"],
      ["christoph-egger", "Christoph Egger"],
      ["ian-pratt", "Ian Pratt"],
      ["brian-j-hall", "Brian J. Hall"],
    ];
    for (const [slug, name] of names) {
      const r = await gql<{
        person: { name: string; appearsIn: { edges: { node: { title: string } }[] } };
      }>(
        `query($slug: String!) { person(slug: $slug) { name appearsIn(first: 5) { edges { node { title } } } } }`,
        { slug },
      );
      expect(r.data?.person.name).toBe(name);
      expect(r.data?.person.appearsIn.edges.length).toBeGreaterThan(0);
    }
  });
});
