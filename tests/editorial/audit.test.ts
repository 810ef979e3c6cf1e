import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeTokens } from "../../src/auth/store.js";
import { encodeId } from "../../src/read/ids.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS } from "../helpers/editorial.js";

const NO_SUCH_ISSUE = encodeId("Issue", 999_999);

/** Every editorial action and every refused token leaves one log line: who, what, outcome. */
describe.each(backends())("audit trail on %s", (backend) => {
  let tdb: TestDatabase;
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: "info" }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  const audit = () => lines.filter((l) => typeof l.audit === "string");
  beforeAll(async () => {
    tdb = await createTestDatabase(backend, { seed: true });
  });
  afterAll(() => tdb.drop());

  it("logs each editor mutation once with the token's name, its target and its outcome", async () => {
    const app = testApp(tdb, { logger });
    const editor = await bearer(tdb.database.db, "editor", "Alice's laptop");
    const headers = { authorization: editor.authorization };
    lines.length = 0;

    const created = await app.gql<{ createPerson: { __typename: string } }>(
      `mutation($input: PersonInput!) { createPerson(input: $input) { ${ERRORS} } }`,
      { input: { slug: "audit-person", name: "Audit Person" } },
      headers,
    );
    expect(created.data?.createPerson.__typename).toBe("CreatePersonSuccess");
    const refused = await app.gql<{ createPerson: { __typename: string } }>(
      `mutation($input: PersonInput!) { createPerson(input: $input) { ${ERRORS} } }`,
      { input: { slug: "audit-person", name: "Again" } },
      headers,
    );
    expect(refused.data?.createPerson.__typename).toBe("ValidationError");
    const missing = await app.gql<{ deleteContent: { __typename: string } }>(
      `mutation($id: ID!) { deleteContent(id: $id) { ${ERRORS} } }`,
      { id: NO_SUCH_ISSUE },
      headers,
    );
    expect(missing.data?.deleteContent.__typename).toBe("NotFoundError");

    const by = { by: "Alice's laptop", tokenId: expect.any(Number), client: "local" };
    expect(
      audit().map(({ level, audit, target, outcome, by, msg }) => ({
        level,
        audit,
        target,
        outcome,
        by,
        msg,
      })),
    ).toEqual([
      {
        level: 30,
        audit: "createPerson",
        target: "audit-person",
        outcome: "done",
        by: by.by,
        msg: `audit: createPerson audit-person by "Alice's laptop": done`,
      },
      {
        level: 30,
        audit: "createPerson",
        target: "audit-person",
        outcome: "refused: invalid input (DUPLICATE)",
        by: by.by,
        msg: `audit: createPerson audit-person by "Alice's laptop": refused: invalid input (DUPLICATE)`,
      },
      {
        level: 30,
        audit: "deleteContent",
        target: NO_SUCH_ISSUE,
        outcome: "refused: NotFoundError",
        by: by.by,
        msg: `audit: deleteContent ${NO_SUCH_ISSUE} by "Alice's laptop": refused: NotFoundError`,
      },
    ]);
    for (const line of audit()) expect(line).toMatchObject(by);
  });

  it("logs refused tokens with their public prefix, never the secret; readers' votes are not audited", async () => {
    const app = testApp(tdb, { logger });
    const gone = await bearer(tdb.database.db, "editor", "Old laptop");
    await revokeTokens(tdb.database.db, { prefix: gone.prefix }, new Date());
    lines.length = 0;

    const revoked = await app.gql("{ __typename }", undefined, {
      authorization: gone.authorization,
    });
    expect(revoked.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const unknown = "Bearer nca_abcdefabcdef_notasecretthatexistsanywhere000000000000000";
    await app.gql("{ __typename }", undefined, { authorization: unknown });
    await app.gql("{ __typename }", undefined, { authorization: "Basic dXNlcjpwYXNz" });
    await app.gql("{ __typename }", undefined, { "x-preview-token": "forged" });
    await app.gql(
      `mutation { castVote(input: { pollId: "Poll:1", optionId: "1", voterKey: "reader-000000000001" }) { __typename } }`,
    );

    expect(
      audit().map(({ level, audit, token, prefix, reason }) => ({
        level,
        audit,
        token,
        prefix,
        reason,
      })),
    ).toEqual([
      {
        level: 40,
        audit: "token refused",
        token: "API",
        prefix: gone.prefix,
        reason: "This API token has been revoked.",
      },
      {
        level: 40,
        audit: "token refused",
        token: "API",
        prefix: "abcdefabcdef",
        reason: "Unknown API token.",
      },
      {
        level: 40,
        audit: "token refused",
        token: "API",
        prefix: undefined,
        reason: 'The Authorization header must be "Bearer <token>".',
      },
      {
        level: 40,
        audit: "token refused",
        token: "preview",
        prefix: undefined,
        reason: "Invalid preview token.",
      },
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(gone.authorization.slice("Bearer ".length));
    expect(text).not.toContain("notasecretthatexistsanywhere");
  });
});
