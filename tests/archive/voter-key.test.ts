import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportArchive } from "../../src/archive/export.js";
import type { VoterKeyRecord } from "../../src/archive/format.js";
import { importArchive } from "../../src/archive/import.js";
import { deriveKeys, type Keys } from "../../src/auth/keys.js";
import { voterKeyFingerprint } from "../../src/content/poll/voter.js";
import { ArchiveError } from "../../src/errors.js";
import { TestClock, testApp } from "../helpers/app.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { databaseDigest } from "../helpers/digest.js";
import { CAST } from "../helpers/polls.js";

/**
 * Moving a deployment must not double its votes: the archive names the key that hashed
 * them, and an import under another key refuses them unless told to accept the change.
 */
const clock = new TestClock(new Date("2010-04-20T12:00:00Z"));
const appFor = (tdb: TestDatabase, keys: Keys) =>
  testApp(tdb, {
    clock,
    keys,
    responseCache: false,
    votes: { rateLimit: { limit: 1000, windowMs: 60_000 }, clock: clock.now },
  });
const record = (keys: Keys, from: VoterKeyRecord["from"]): VoterKeyRecord => ({
  fingerprint: voterKeyFingerprint(keys.voter),
  from,
});

const OPEN_POLL = `{ polls(first: 1, filter: { status: OPEN }) { edges { node { id options { id } } } } }`;
type OpenPoll = { polls: { edges: { node: { id: string; options: { id: string }[] } }[] } };
type Cast = { castVote: { __typename: string } };

async function vote(app: ReturnType<typeof appFor>, voterKey: string): Promise<string> {
  const poll = (await app.gql<OpenPoll>(OPEN_POLL)).data?.polls.edges[0]?.node;
  if (!poll?.options[0]) throw new Error("the reference seed has no open poll at this time");
  const result = await app.gql<Cast>(CAST, {
    input: { pollId: poll.id, optionId: poll.options[0].id, voterKey },
  });
  return result.data?.castVote.__typename ?? JSON.stringify(result.errors);
}

describe.each(backends())("archive voter key on %s", (backend) => {
  const sourceKeys = deriveKeys(randomBytes(32));
  const otherKeys = deriveKeys(randomBytes(32));
  const VOTER = "moving-reader-0001";
  let source: TestDatabase;
  let targets: TestDatabase[];
  let text: string;

  beforeAll(async () => {
    [source, ...targets] = await Promise.all([
      createTestDatabase(backend, { seed: true }),
      createTestDatabase(backend),
      createTestDatabase(backend),
      createTestDatabase(backend),
    ]);
    expect(await vote(appFor(source, sourceKeys), VOTER)).toBe("VoteAccepted");
    const parts: string[] = [];
    await exportArchive(source.database, (chunk) => void parts.push(chunk), {
      exportedAt: null,
      voterKey: record(sourceKeys, "generated"),
    });
    text = parts.join("");
  });
  afterAll(async () => {
    await Promise.all([source, ...targets].map((t) => t?.drop()));
  });

  it("records the key's fingerprint in the header, never the key", () => {
    const header = JSON.parse(text) as { voterKey: VoterKeyRecord };
    expect(header.voterKey).toEqual({
      fingerprint: voterKeyFingerprint(sourceKeys.voter),
      from: "generated",
    });
    expect(header.voterKey.fingerprint).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(text).not.toContain(sourceKeys.voter.toString("hex"));
  });

  it("refuses votes hashed with another key, and changes nothing", async () => {
    const [target] = targets as [TestDatabase];
    const before = await databaseDigest(target.database.db);
    const error = await importArchive(target.database.db, [text], {
      voterKey: { current: record(otherKeys, "APP_SECRET") },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as Error).message).toBe(
      "the archive holds votes, and its votes were hashed with another key (the source used a secret generated in its database, this server APP_SECRET), so every voter could vote again. Start this import with the source's APP_SECRET, or pass --accept-voter-key-change to import them anyway (counts stay; old voters may vote once more)",
    );
    expect(await databaseDigest(target.database.db)).toEqual(before);
  });

  it("imports them when told to, says what that means, and the old voter can vote again", async () => {
    const [target] = targets as [TestDatabase];
    const report = await importArchive(target.database.db, [text], {
      voterKey: { current: record(otherKeys, "APP_SECRET"), acceptChange: true },
    });
    expect(report.rows.poll_votes).toBe(1);
    expect(report.warnings).toEqual([
      "imported anyway (--accept-voter-key-change): its votes were hashed with another key (the source used a secret generated in its database, this server APP_SECRET), so every voter could vote again",
    ]);
    expect(await vote(appFor(target, otherKeys), VOTER)).toBe("VoteAccepted");
  });

  it("under the same key: no warning, and the voter has already voted", async () => {
    const target = targets[1] as TestDatabase;
    const report = await importArchive(target.database.db, [text], {
      voterKey: { current: record(sourceKeys, "APP_SECRET") },
    });
    expect(report.warnings).toEqual([]);
    expect(await vote(appFor(target, sourceKeys), VOTER)).toBe("AlreadyVoted");
  });

  it("an archive that predates the fingerprint goes in with a warning", async () => {
    const target = targets[2] as TestDatabase;
    const old = text.replace(/^ {2}"voterKey": .*\n/m, "");
    expect(old).not.toContain("voterKey");
    const report = await importArchive(target.database.db, [old], {
      voterKey: { current: record(otherKeys, "generated") },
    });
    expect(report.warnings).toEqual([
      "the archive does not record which key hashed its votes (exported before voterKey existed): if this server's APP_SECRET differs from the source's, its voters can vote again",
    ]);
  });
});
