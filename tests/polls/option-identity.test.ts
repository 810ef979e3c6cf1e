/**
 * A vote is for an answer (issue 13, item 12): once a poll has votes its options keep their
 * labels, reordering keeps each count with its answer, and a pending edit is held to the live
 * poll's votes, at edit time (OPTIONS_LOCKED) and again when published (ConflictError).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";
import { CAST, makePoll, voterKey } from "../helpers/polls.js";

const UPDATE = `mutation($id: ID!, $patch: PollPatch!, $asRevision: Boolean) {
  updatePoll(id: $id, patch: $patch, asRevision: $asRevision) {
    ${ERRORS}
    ... on UpdatePollSuccess { poll { id options { label votes } } }
  }
}`;
const PUBLISH = `mutation($id: ID!) { publishContent(id: $id) { ${ERRORS} } }`;
const RESULTS = `query($id: ID!) { node(id: $id) { ... on Poll { options { label votes } } } }`;

describe.each(backends())("poll option identity on %s", (backend) => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  let voter = 0;

  const vote = async (pollId: string, optionId: string | undefined, times: number) => {
    for (let i = 0; i < times; i++) {
      const r = await app.gql<{ castVote: { __typename: string } }>(CAST, {
        input: { pollId, optionId, voterKey: voterKey(`identity-${voter++}`) },
      });
      expect(r.data?.castVote.__typename).toBe("VoteAccepted");
    }
  };
  const update = async (id: string, options: string[], asRevision = false) => {
    const patch = { options: options.map((label) => ({ label })) };
    return payload(await app.gql(UPDATE, { id, patch, asRevision }, editor), "updatePoll");
  };
  const results = async (id: string) =>
    (await app.gql<{ node: { options: { label: string; votes: number }[] } }>(RESULTS, { id })).data
      ?.node.options;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    app = testApp(tdb);
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  it("keeps each count with its answer when options are reordered, and refuses renaming one", async () => {
    const poll = await makePoll(tdb.database.db);
    await vote(poll.pollId, poll.optionIds[0], 3);
    expect((await update(poll.pollId, ["C", "A", "B"])).__typename).toBe("UpdatePollSuccess");
    expect(await results(poll.pollId)).toEqual([
      { label: "C", votes: 0 },
      { label: "A", votes: 3 },
      { label: "B", votes: 0 },
    ]);
    const renamed = await update(poll.pollId, ["C", "Z", "B"]);
    expect(renamed.__typename).toBe("ValidationError");
    expect(renamed.fieldErrors).toEqual([
      {
        path: ["input", "options"],
        code: "OPTIONS_LOCKED",
        message:
          'The poll has 3 votes: its options keep their labels (they may be reordered, not added, removed or renamed) (new: "z"; gone: "a").',
      },
    ]);
    expect((await update(poll.pollId, ["c", "a", "b"])).__typename).toBe("UpdatePollSuccess");
    expect((await results(poll.pollId))?.map((o) => o.votes)).toEqual([0, 3, 0]);
  });

  it("refuses a pending edit that adds an option to a poll with votes, when it is made", async () => {
    const poll = await makePoll(tdb.database.db);
    await vote(poll.pollId, poll.optionIds[1], 1);
    const pending = await update(poll.pollId, ["A", "B", "C", "D"], true);
    expect(pending.__typename).toBe("ValidationError");
    expect(pending.fieldErrors?.[0]?.code).toBe("OPTIONS_LOCKED");
  });

  it("answers ConflictError when votes arrived after the pending edit changed the options", async () => {
    const poll = await makePoll(tdb.database.db);
    const pending = await update(poll.pollId, ["A", "B"], true);
    expect(pending.__typename).toBe("UpdatePollSuccess");
    await vote(poll.pollId, poll.optionIds[2], 2);
    const revisionId = (pending.poll as { id: string }).id;
    const published = payload(await app.gql(PUBLISH, { id: revisionId }, editor), "publishContent");
    expect(published.__typename).toBe("ConflictError");
    expect(published.message).toBe(
      'The poll has 2 votes: its options keep their labels (they may be reordered, not added, removed or renamed) (gone: "c").',
    );
    expect(await results(poll.pollId)).toEqual([
      { label: "A", votes: 0 },
      { label: "B", votes: 0 },
      { label: "C", votes: 2 },
    ]);
  });
});
