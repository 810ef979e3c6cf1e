import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";

describe.each(backends())("node(id) on %s", (backend) => {
  let tdb: TestDatabase;
  let gql: ReturnType<typeof testApp>["gql"];
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
    gql = testApp(tdb).gql;
  });
  afterAll(() => tdb.drop());

  it("refetches every type by the id it was served with", async () => {
    const r = await gql<Record<string, { id: string } & Record<string, unknown>>>(`{
      issue(volume: 10, number: 15) { id stats { id } sections { items { people { id } } } }
      announcement(slug: "xen-org-announces-xen-4-0-availability") { id }
      event(slug: "xen-summit-north-america-at-amd-agenda-announced") { id }
      poll(slug: "mascot-contest-vote-for-your-favorite") { id options { id label } }
      person(slug: "ian-pratt") { id }
    }`);
    expect(r.errors).toBeUndefined();
    const d = r.data as Record<string, Record<string, unknown>>;
    const stats = d.issue?.stats as { id: string };
    const option = (d.poll?.options as { id: string; label: string }[] | undefined)?.[1];
    const ids: [string, string, string][] = [
      [d.issue?.id as string, "Issue", "Weekly Newsletter Vol 10 No 15"],
      [d.announcement?.id as string, "Announcement", "Xen.org Announces Xen 4.0 Availability"],
      [d.event?.id as string, "Event", "Xen Summit North America at AMD – Agenda Announced"],
      [d.poll?.id as string, "Poll", "Mascot Contest – Vote for your favorite"],
      [stats.id, "WeeklyStats", "2010-04-12"],
      [d.person?.id as string, "Person", "Ian Pratt"],
      [option?.id as string, "PollOption", "Panda Bear"],
    ];
    for (const [id, typename, label] of ids) {
      const n = await gql<{ node: Record<string, unknown> }>(
        `query($id: ID!) { node(id: $id) { __typename id
           ... on Content { title } ... on WeeklyStats { weekStart } ... on Person { name } ... on PollOption { label } } }`,
        { id },
      );
      expect(n.errors).toBeUndefined();
      expect(n.data?.node.__typename).toBe(typename);
      expect(n.data?.node.id).toBe(id);
      expect([
        n.data?.node.title,
        n.data?.node.weekStart,
        n.data?.node.name,
        n.data?.node.label,
      ]).toContain(label);
    }
    // Ids are opaque, not guessable row numbers.
    expect(d.issue?.id).not.toMatch(/^\d+$/);
  });

  it("reads an unknown but well-formed id as null", async () => {
    const id = Buffer.from("Issue:999999").toString("base64url");
    const r = await gql(`{ node(id: "${id}") { id } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ node: null });
  });

  it("rejects malformed and forged ids with BAD_ID", async () => {
    for (const bad of [
      "",
      "not base64!",
      Buffer.from("Issue:abc").toString("base64url"),
      Buffer.from("Secret:1").toString("base64url"),
      Buffer.from("Issue:0").toString("base64url"),
      Buffer.from("Issue:1 OR 1=1").toString("base64url"),
      Buffer.from("Issue:99999999999").toString("base64url"),
      "x".repeat(5000),
    ]) {
      const r = await gql("query($id: ID!) { node(id: $id) { id } }", { id: bad });
      expect(r.errors?.[0]?.extensions?.code, bad).toBe("BAD_ID");
      expect(r.errors?.[0]?.message).toBe('"id" is not a valid ID.');
    }
  });

  it("answers the same id for the same object wherever it appears", async () => {
    const r = await gql<{ poll: { resultsEvent: { id: string } }; event: { id: string } }>(`{
      poll(slug: "mascot-contest-vote-for-your-favorite") { resultsEvent { id } }
      event(slug: "xen-summit-north-america-at-amd-agenda-announced") { id }
    }`);
    expect(r.data?.poll.resultsEvent.id).toBe(r.data?.event.id);
  });
});
