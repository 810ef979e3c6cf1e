import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClock, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { makePoll } from "../helpers/polls.js";

const NOW = "2031-05-01T12:00:00.000Z";
const at = (iso: string) => new Date(iso);

/** Polls at every edge of the rule: opensAt and closesAt null, past, now exactly, future. */
const CASES = {
  alwaysOpen: { opensAt: null, closesAt: null },
  opensNow: { opensAt: at(NOW), closesAt: null },
  opensLater: { opensAt: at("2031-05-01T12:00:00.001Z"), closesAt: null },
  closesNow: { opensAt: null, closesAt: at(NOW) },
  closesLater: { opensAt: at("2031-04-01T00:00:00Z"), closesAt: at("2031-05-01T12:00:00.001Z") },
  closedBefore: { opensAt: at("2031-04-01T00:00:00Z"), closesAt: at("2031-04-30T00:00:00Z") },
  upcomingWithClose: { opensAt: at("2031-06-01T00:00:00Z"), closesAt: at("2031-07-01T00:00:00Z") },
} as const;

const EXPECTED: Record<keyof typeof CASES, "OPEN" | "UPCOMING" | "CLOSED"> = {
  alwaysOpen: "OPEN",
  opensNow: "OPEN",
  opensLater: "UPCOMING",
  closesNow: "CLOSED",
  closesLater: "OPEN",
  closedBefore: "CLOSED",
  upcomingWithClose: "UPCOMING",
};

const LIST = `query($status: PollStatus!) {
  polls(first: 100, filter: { status: $status }) { totalCount edges { node { id status } } }
}`;

type ListAnswer = {
  polls: { totalCount: number; edges: { node: { id: string; status: string } }[] };
};

describe.each(backends())("polls(filter: { status }) on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  const ids = new Map<string, keyof typeof CASES>();
  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    app = testApp(tdb, { clock: new TestClock(at(NOW)) });
    for (const [name, times] of Object.entries(CASES))
      ids.set((await makePoll(tdb.database.db, times)).pollId, name as keyof typeof CASES);
  });
  afterAll(() => tdb.drop());

  it.each(["OPEN", "UPCOMING", "CLOSED"])(
    "%s lists exactly the polls whose own status says so, at the edges too",
    async (status) => {
      const answer = await app.gql<ListAnswer>(LIST, { status });
      expect(answer.errors).toBeUndefined();
      const listed = answer.data?.polls.edges.map((e) => ids.get(e.node.id)).sort();
      const expected = Object.entries(EXPECTED)
        .filter(([, s]) => s === status)
        .map(([name]) => name)
        .sort();
      expect(listed).toEqual(expected);
      expect(answer.data?.polls.totalCount).toBe(expected.length);
      expect(answer.data?.polls.edges.every((e) => e.node.status === status)).toBe(true);
    },
  );
});
