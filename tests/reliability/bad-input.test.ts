/**
 * Issue 8, item 2: the bad-input corpus. Every row of `bad-input-cases.ts` is sent to the real
 * app (through app.fetch, or through a listening node:http server for the socket rows) and
 * must get its exact status and code, and never a 500, a masked INTERNAL_SERVER_ERROR, a
 * stack trace, SQL in an error, or a hang. Vote bursts follow, then a health check: the
 * server must still answer normally after all of it.
 */
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveKeys } from "../../src/auth/keys.js";
import { mintPreviewToken } from "../../src/auth/previews.js";
import { revokeTokens } from "../../src/auth/store.js";
import { limitBodies } from "../../src/http/body-limit.js";
import { createLogger } from "../../src/logger.js";
import { type Listening, listen } from "../../src/server.js";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { FRONT_PAGE } from "../helpers/front-page.js";
import { makePoll, voterKey } from "../helpers/polls.js";
import {
  type BadInputCase,
  body,
  CASES,
  CAST_VOTE,
  type CheckContext,
  type Code,
  type Fixtures,
  GQL_TYPE,
  type GqlBody,
  type GqlError,
  type HttpRequest,
  type Outcome,
  type RawRequest,
} from "./bad-input-cases.js";

/** Every row must be answered within this (a hang fails the row, not the run). */
const CASE_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 10_000;
const VOTE_LIMIT = 20;

const STACK_TRACE = /at .+\(.+:\d+:\d+\)/;
const SQL = /\b(select|insert)\s|\bdelete\s+from\b|\bupdate\s+"|\bfailed query\b|\bat or near\b/i;

let tdb: TestDatabase;
let app: ReturnType<typeof testApp>;
let server: Listening;
let fixtures: Fixtures;

beforeAll(async () => {
  tdb = await createTestDatabase("pglite", { seed: true });
  const keys = deriveKeys(randomBytes(32));
  app = testApp(tdb, {
    votes: { rateLimit: { limit: VOTE_LIMIT, windowMs: 60_000 } },
    trustProxy: true,
    keys,
  });
  server = await listen(limitBodies(app.app, 1_048_576), {
    port: 0,
    host: "127.0.0.1",
    logger: createLogger("silent"),
  });
  const db = tdb.database.db;
  const editor = await bearer(db, "editor", "bad-input editor");
  const revoked = await bearer(db, "editor", "bad-input revoked");
  await revokeTokens(db, { prefix: revoked.prefix }, new Date());
  const inAnHour = new Date(Date.now() + 3_600_000);
  // A genuine signature over other claims: the tampered token.
  const [, payload = "", signature = ""] = mintPreviewToken(keys.preview, 1, inAnHour).split(".");
  const claims = Buffer.from(JSON.stringify({ c: 2, e: Math.floor(inAnHour.getTime() / 1000) }));
  const cursors = await app.gql<{
    timeline: { edges: { cursor: string }[] };
    search: { edges: { cursor: string }[] };
  }>(
    '{ timeline(first: 1) { edges { cursor } } search(query: "xen", first: 1) { edges { cursor } } }',
  );
  expect(payload).not.toBe("");
  fixtures = {
    editor: editor.authorization,
    revoked: revoked.authorization,
    preview: {
      valid: mintPreviewToken(keys.preview, 1, inAnHour),
      expired: mintPreviewToken(keys.preview, 1, new Date(Date.now() - 60_000)),
      forged: mintPreviewToken(deriveKeys(randomBytes(32)).preview, 1, inAnHour),
      tampered: `pv1.${claims.toString("base64url")}.${signature}`,
    },
    poll: await makePoll(db),
    otherPoll: await makePoll(db),
    cursors: {
      timeline: cursors.data?.timeline.edges[0]?.cursor ?? "",
      search: cursors.data?.search.edges[0]?.cursor ?? "",
    },
  };
  expect(fixtures.cursors.timeline).not.toBe("");
  expect(fixtures.cursors.search).not.toBe("");
});

afterAll(async () => {
  await server?.close(1_000);
  await app?.app.close();
  await tdb?.drop();
});

// ---------------------------------------------------------------------------------------------
// Transports

async function outcomeOf(response: Response): Promise<Outcome> {
  const text = response.headers.get("content-encoding")
    ? `<${response.headers.get("content-encoding")} body>`
    : await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toInit(request: HttpRequest): RequestInit {
  return { method: request.method ?? "GET", headers: request.headers, body: request.body };
}

/** Write bytes to a socket and read whatever comes back until the server closes. */
function rawExchange(request: RawRequest): Promise<Outcome> {
  const url = new URL(server.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(parseRawResponse(Buffer.concat(chunks)));
    };
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A reset after the answer (the server cutting an oversized upload) is not a failure.
    socket.on("error", () => {});
    socket.on("close", finish);
    socket.setTimeout(SOCKET_TIMEOUT_MS - 2_000, finish);
    socket.on("connect", () => {
      const bytes = Buffer.from(request.raw, "latin1");
      if (request.halfClose) socket.end(bytes);
      else socket.write(bytes);
    });
  });
}

function parseRawResponse(bytes: Buffer): Outcome {
  const raw = bytes.toString("latin1");
  const end = raw.indexOf("\r\n\r\n");
  const head = end >= 0 ? raw.slice(0, end) : raw;
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const headers = new Headers();
  for (const line of head.split("\r\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  let rest =
    end >= 0 ? bytes.subarray(Buffer.byteLength(raw.slice(0, end + 4), "latin1")) : Buffer.alloc(0);
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf("\r\n");
      const size = Number.parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
      if (lineEnd < 0 || !Number.isFinite(size) || size === 0) break;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    rest = Buffer.concat(parts);
  }
  const text = rest.toString("utf8");
  return { status, headers, text, json: parseJson(text) };
}

async function send(c: BadInputCase): Promise<Outcome> {
  if ("raw" in c.request) return rawExchange(c.request);
  const request = typeof c.request === "function" ? c.request(fixtures) : c.request;
  if (c.via === "socket") {
    return outcomeOf(await fetch(new URL(request.path, server.url), toInit(request)));
  }
  return outcomeOf(await app.fetch(request.path, toInit(request)));
}

// ---------------------------------------------------------------------------------------------
// What every answer must satisfy

/** Every GraphQL error in a body (an object, or the items of a batch). */
function errorsOf(json: unknown): GqlError[] {
  if (Array.isArray(json)) return json.flatMap(errorsOf);
  return (json as GqlBody | undefined)?.errors ?? [];
}

function firstCode(json: unknown): Code {
  const first = Array.isArray(json) ? (json[0] as GqlBody | undefined) : (json as GqlBody);
  const code = first?.errors?.[0]?.extensions?.code;
  return code === undefined ? null : String(code);
}

function assertNoCrashNoLeak(outcome: Outcome) {
  const answer = `${outcome.status} ${outcome.text.slice(0, 400)}`;
  expect(outcome.status, "an answer, not a dropped connection").not.toBe(0);
  expect(outcome.status, `never a 500: ${answer}`).not.toBe(500);
  expect(outcome.text, "no stack trace").not.toMatch(STACK_TRACE);
  for (const error of errorsOf(outcome.json)) {
    expect(error.extensions?.code, `masked crash at ${error.path?.join(".")}: ${answer}`).not.toBe(
      "INTERNAL_SERVER_ERROR",
    );
    expect(error.message).not.toBe("Unexpected error.");
    expect(error.message, "no SQL in errors").not.toMatch(SQL);
    expect(JSON.stringify(error.extensions ?? {}), "no SQL in extensions").not.toMatch(SQL);
    expect(JSON.stringify(error.extensions ?? {}), "no stack in extensions").not.toMatch(/stack/i);
  }
}

function assertExpectation(c: BadInputCase, outcome: Outcome) {
  const e = c.expect;
  if (e.kind === "graphql") {
    expect(outcome.headers.get("content-type") ?? "").toMatch(
      /^application\/(graphql-response\+)?json/,
    );
    expect(outcome.json, outcome.text.slice(0, 300)).toBeDefined();
    const allowed: readonly Code[] = Array.isArray(e.code) ? e.code : [e.code as Code];
    expect(allowed, outcome.text.slice(0, 600)).toContain(firstCode(outcome.json));
  } else if (e.kind === "text") {
    expect(outcome.headers.get("content-type")).toBe(e.type);
    expect(outcome.text.startsWith(e.starts), outcome.text.slice(0, 200)).toBe(true);
  } else if (e.kind === "feed") {
    expect(outcome.headers.get("content-type")).toBe(e.type);
    if (e.emptyBody) expect(outcome.text).toBe("");
    else expect(outcome.text.length).toBeGreaterThan(0);
  }
  for (const [name, value] of Object.entries(c.headers ?? {})) {
    if (typeof value === "string") expect(outcome.headers.get(name), name).toBe(value);
    else expect(outcome.headers.get(name) ?? "", name).toMatch(value);
  }
}

const checkContext = (): CheckContext => ({
  fixtures,
  async gql(query, variables, headers = {}) {
    const outcome = await outcomeOf(
      await app.fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: GQL_TYPE, ...headers },
        body: JSON.stringify({ query, variables }),
      }),
    );
    assertNoCrashNoLeak(outcome);
    expect(outcome.status, outcome.text.slice(0, 300)).toBe(200);
    return body(outcome);
  },
});

// ---------------------------------------------------------------------------------------------

const groups = [...new Set(CASES.map((c) => c.group))];

describe("bad-input corpus", () => {
  it("has at least 60 table-driven cases in every group", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    expect(groups).toHaveLength(7);
    expect(new Set(CASES.map((c) => `${c.group} ${c.name}`)).size).toBe(CASES.length);
  });

  for (const group of groups) {
    describe(group, () => {
      for (const c of CASES.filter((x) => x.group === group)) {
        it(
          `${c.name} → ${c.status}`,
          async () => {
            const outcome = await send(c);
            assertNoCrashNoLeak(outcome);
            expect(outcome.status, outcome.text.slice(0, 600)).toBe(c.status);
            assertExpectation(c, outcome);
            await c.check?.(outcome, checkContext());
          },
          c.via && c.via !== "app" ? SOCKET_TIMEOUT_MS : CASE_TIMEOUT_MS,
        );
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// 7. Vote bursts: sequences of requests from one client, against the limit of 20 a minute

/** The limiter counts in fixed clock-minute windows: start a burst where one does not end. */
async function freshWindow() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 10_000) await new Promise((r) => setTimeout(r, left + 50));
}

async function totalVotes(pollId: string): Promise<number> {
  const r = await app.gql<{ node: { totalVotes: number } }>(
    "query($id: ID!) { node(id: $id) { ... on Poll { totalVotes } } }",
    { id: pollId },
    { authorization: fixtures.editor },
  );
  return r.data?.node.totalVotes ?? -1;
}

function castVotes(selection: string, client: string) {
  return app.fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: GQL_TYPE, "x-forwarded-for": client },
    body: JSON.stringify({ query: selection }),
  });
}

const castField = (poll: { pollId: string; optionIds: string[] }, alias: string, key: string) =>
  `${alias}: castVote(input: { pollId: "${poll.pollId}", optionId: "${poll.optionIds[0]}", voterKey: "${key}" }) { __typename }`;

async function expectRateLimited(response: Response) {
  const outcome = await outcomeOf(response);
  assertNoCrashNoLeak(outcome);
  expect(outcome.status, outcome.text.slice(0, 300)).toBe(429);
  expect(firstCode(outcome.json)).toBe("RATE_LIMITED");
  const retryAfter = Number(outcome.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(body(outcome).errors?.[0]?.extensions?.retryAfter).toBe(retryAfter);
}

describe("7 votes: oversized bursts", () => {
  it("40 votes from one client: the first 20 count, the rest are 429 RATE_LIMITED with Retry-After", async () => {
    const poll = await makePoll(tdb.database.db);
    await freshWindow();
    const answers: Outcome[] = [];
    for (let i = 0; i < 40; i++) {
      const response = await app.fetch("/graphql", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: GQL_TYPE,
          "x-forwarded-for": "203.0.113.40",
        },
        body: JSON.stringify({
          query: CAST_VOTE,
          variables: {
            input: {
              pollId: poll.pollId,
              optionId: poll.optionIds[i % 3],
              voterKey: voterKey(`burst-${i % 25}`),
            },
          },
        }),
      });
      answers.push(await outcomeOf(response));
    }
    answers.forEach(assertNoCrashNoLeak);
    for (const [i, answer] of answers.slice(0, VOTE_LIMIT).entries()) {
      expect(answer.status, `vote ${i}`).toBe(200);
      expect(["VoteAccepted", "AlreadyVoted"]).toContain(
        (body(answer).data?.castVote as { __typename?: string } | undefined)?.__typename,
      );
    }
    for (const answer of answers.slice(VOTE_LIMIT)) {
      expect(answer.status).toBe(429);
      expect(firstCode(answer.json)).toBe("RATE_LIMITED");
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(await totalVotes(poll.pollId)).toBe(VOTE_LIMIT);
  }, 30_000);

  it("25 aliased castVote fields in one document: 429 at once, nothing counted", async () => {
    const poll = await makePoll(tdb.database.db);
    await freshWindow();
    const fields = Array.from({ length: 25 }, (_, i) =>
      castField(poll, `v${i}`, voterKey(`alias-${i}`)),
    );
    await expectRateLimited(await castVotes(`mutation { ${fields.join(" ")} }`, "203.0.113.25"));
    expect(await totalVotes(poll.pollId)).toBe(0);
  }, 30_000);

  it("25 castVote fields inside a fragment spread: 429 at once, nothing counted", async () => {
    const poll = await makePoll(tdb.database.db);
    await freshWindow();
    const fields = Array.from({ length: 25 }, (_, i) =>
      castField(poll, `v${i}`, voterKey(`fragment-${i}`)),
    );
    await expectRateLimited(
      await castVotes(
        `mutation { ...Votes } fragment Votes on Mutation { ${fields.join(" ")} }`,
        "203.0.113.26",
      ),
    );
    expect(await totalVotes(poll.pollId)).toBe(0);
  }, 30_000);

  it("25 castVote fields inside an inline fragment: 429 at once, nothing counted", async () => {
    const poll = await makePoll(tdb.database.db);
    await freshWindow();
    const fields = Array.from({ length: 25 }, (_, i) =>
      castField(poll, `v${i}`, voterKey(`inline-${i}`)),
    );
    await expectRateLimited(
      await castVotes(`mutation { ... on Mutation { ${fields.join(" ")} } }`, "203.0.113.27"),
    );
    expect(await totalVotes(poll.pollId)).toBe(0);
  }, 30_000);

  it("a batch of 5 documents × 5 votes: four documents count whole (20 votes), the fifth is RATE_LIMITED", async () => {
    const poll = await makePoll(tdb.database.db);
    await freshWindow();
    const batch = Array.from({ length: 5 }, (_, d) => ({
      query: `mutation { ${Array.from({ length: 5 }, (_, i) => castField(poll, `v${i}`, voterKey(`batch-${d}-${i}`))).join(" ")} }`,
    }));
    const response = await app.fetch("/graphql", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: GQL_TYPE,
        "x-forwarded-for": "203.0.113.55",
      },
      body: JSON.stringify(batch),
    });
    const outcome = await outcomeOf(response);
    assertNoCrashNoLeak(outcome);
    expect(outcome.status).toBe(200);
    const items = outcome.json as GqlBody[];
    expect(items).toHaveLength(5);
    // A document's votes are admitted whole or refused whole, however the batch interleaves.
    const limited = items.filter((item) => item.errors);
    expect(limited).toHaveLength(1);
    expect(limited[0]?.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    for (const item of items.filter((i) => !i.errors)) {
      const results = Object.values(item.data ?? {}) as { __typename?: string }[];
      expect(results.map((r) => r.__typename)).toEqual(Array(5).fill("VoteAccepted"));
    }
    expect(await totalVotes(poll.pollId)).toBe(VOTE_LIMIT);
  }, 30_000);
});

// ---------------------------------------------------------------------------------------------

describe("after the corpus", () => {
  it("the server is still healthy and answers the front page", async () => {
    for (const fetchIt of [
      (path: string, init?: RequestInit) => app.fetch(path, init),
      (path: string, init?: RequestInit) => fetch(new URL(path, server.url), init),
    ]) {
      expect((await fetchIt("/healthz")).status).toBe(200);
      expect((await fetchIt("/readyz")).status).toBe(200);
      const front = await fetchIt("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: GQL_TYPE },
        body: JSON.stringify({ query: FRONT_PAGE }),
      });
      expect(front.status).toBe(200);
      const answer = (await front.json()) as GqlBody;
      expect(answer.errors).toBeUndefined();
      const issues = answer.data?.issues as { edges: unknown[] } | undefined;
      expect(issues?.edges.length).toBeGreaterThan(0);
    }
    // The SQL-injection titles were stored as text; the archive is all still there.
    const r = await app.gql<{ archiveMonth: { total: number } }>(
      '{ archiveMonth(month: "2010-04") { total } }',
    );
    expect(r.data?.archiveMonth.total).toBe(5);
  }, 15_000);
});
