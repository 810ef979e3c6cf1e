/**
 * The bad-input corpus (issue 8, item 2): one row per hostile or malformed request, with the
 * exact answer expected. `bad-input.test.ts` runs every row and, besides the row's own
 * expectations, asserts for all of them: never a 500, never a masked INTERNAL_SERVER_ERROR,
 * no stack trace and no SQL in any error, and an answer within the per-case timeout.
 *
 * Where the README documents a behaviour, that is what is expected; where it is silent, the
 * GraphQL-over-HTTP answer (application/graphql-response+json): request errors are 4xx with
 * no `data`, field errors are 200 with `data`.
 */
import { Parser } from "htmlparser2";
import { expect } from "vitest";

export type Group =
  | "1 http/json"
  | "2 documents"
  | "3 variables/arguments"
  | "4 injection"
  | "5 feeds"
  | "6 auth"
  | "7 votes";

export const GQL_TYPE = "application/graphql-response+json";

/** What the test file builds once and rows may refer to. */
export interface Fixtures {
  /** `Authorization` header values. */
  editor: string;
  revoked: string;
  /** X-Preview-Token values that must all be refused. */
  preview: { valid: string; expired: string; forged: string; tampered: string };
  poll: { pollId: string; optionIds: string[] };
  otherPoll: { pollId: string; optionIds: string[] };
  cursors: { timeline: string; search: string };
}

export interface HttpRequest {
  method?: string;
  /** Path and query, sent to http://test (app.fetch) or to the listening server. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Blob | FormData;
}

/** Bytes written as they are to a TCP socket (`halfClose` ends our side after writing). */
export interface RawRequest {
  raw: string;
  halfClose?: boolean;
}

/** One error code, `null` for "no errors", or the acceptable alternatives. */
export type Code = string | null;

export type Expectation =
  /** A GraphQL answer: `errors[0].extensions.code` (of the first item for a batch). */
  | { kind: "graphql"; code: Code | readonly Code[] }
  /** A plain-text answer from a non-GraphQL route: its media type and first words. */
  | { kind: "text"; type: string; starts: string }
  /** A feed document (or its HEAD/304). */
  | { kind: "feed"; type: string | null; emptyBody?: boolean }
  /** Only the status is contracted (answers of node:http itself, 406/415 without a body). */
  | { kind: "bare" };

export interface Outcome {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON when the body is JSON, else undefined. */
  json: unknown;
}

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}
export interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: GqlError[];
}

export interface CheckContext {
  fixtures: Fixtures;
  /**
   * A follow-up GraphQL request through app.fetch (read-backs, split requests); it is held to
   * the same rules as every row: no 500, no masked error, no stack or SQL.
   */
  gql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlBody>;
}

export interface BadInputCase {
  group: Group;
  name: string;
  /** app: app.fetch (default); socket: global fetch to the listening server; raw: a TCP socket. */
  via?: "app" | "socket" | "raw";
  request: HttpRequest | RawRequest | ((f: Fixtures) => HttpRequest);
  status: number;
  expect: Expectation;
  /** Response headers that must be present with these values. */
  headers?: Record<string, string | RegExp>;
  check?: (outcome: Outcome, ctx: CheckContext) => void | Promise<void>;
}

/** A row before it is put in its group. */
type Row = Omit<BadInputCase, "group">;
/** What a helper contributes to a row: the status and the expectations. */
type Answer = Pick<BadInputCase, "status" | "expect" | "check" | "headers">;

// ---------------------------------------------------------------------------------------------
// Request builders

/** A POST /graphql with the usual JSON body; `extra` adds members (operationName, …). */
export function gql(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): HttpRequest {
  return post(JSON.stringify({ query, variables, ...extra }), headers);
}

export function post(body: string, headers: Record<string, string> = {}): HttpRequest {
  return {
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json", accept: GQL_TYPE, ...headers },
    body,
  };
}

function get(path: string, headers: Record<string, string> = {}): HttpRequest {
  return { method: "GET", path, headers: { accept: GQL_TYPE, ...headers } };
}

const q = encodeURIComponent;
const b64 = (text: string) => Buffer.from(text).toString("base64url");
const cursor = (parts: unknown[]) => b64(JSON.stringify(parts));
const ip = (n: number) => ({ "x-forwarded-for": `198.51.100.${n}` });

const gqlCode = (code: Code | readonly Code[]): Expectation => ({ kind: "graphql", code });
const text = (starts: string): Expectation => ({
  kind: "text",
  type: "text/plain; charset=utf-8",
  starts,
});

/** The parsed GraphQL body of an outcome. */
export function body(outcome: Outcome): GqlBody {
  return (outcome.json ?? {}) as GqlBody;
}
const ext = (outcome: Outcome) => body(outcome).errors?.[0]?.extensions ?? {};

/** A limit violation as the README documents it. */
function tooComplex(kind: string, limit: number): Answer {
  return {
    status: 400,
    expect: gqlCode("QUERY_TOO_COMPLEX"),
    check: (o) => {
      expect(body(o).data).toBeUndefined();
      expect(ext(o)).toMatchObject({ code: "QUERY_TOO_COMPLEX", kind, limit });
    },
  };
}

/** A request error: 400 and no `data` entry (GraphQL over HTTP). */
function requestError(code: string): Answer {
  return {
    status: 400,
    expect: gqlCode(code),
    check: (o) => expect(body(o)).not.toHaveProperty("data"),
  };
}

/** A field error: 200 with `data` present, the error at `path`. */
function fieldError(code: string, path: string): Answer {
  return {
    status: 200,
    expect: gqlCode(code),
    check: (o) => {
      expect(body(o)).toHaveProperty("data");
      expect(body(o).errors?.[0]?.path?.[0]).toBe(path);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 1. HTTP and JSON

const ARCHIVE = "{ archive { month } }";
const deepJson = (depth: number, leaf = "1") => `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}`;
const multipart = () => {
  const form = new FormData();
  form.set("query", ARCHIVE);
  return form;
};
/** A chunked body over 1 MiB, sent in one write (so our side is done before the server answers). */
function chunkedOverLimit(): string {
  const chunk = "a".repeat(64 * 1024);
  const parts = [`b\r\n{"query":"#\r\n`];
  for (let sent = 0; sent < 1.2 * 1024 * 1024; sent += chunk.length) {
    parts.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
  }
  parts.push(`3\r\n"}\n\r\n0\r\n\r\n`);
  return `POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nAccept: ${GQL_TYPE}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${parts.join("")}`;
}

const HTTP: Row[] = [
  { name: "malformed JSON body", request: post('{"query": '), ...requestError("BAD_REQUEST") },
  {
    name: "JSON with unquoted keys",
    request: post("{query: 1}"),
    ...requestError("BAD_REQUEST"),
  },
  { name: "empty body", request: post(""), ...requestError("BAD_REQUEST") },
  { name: "body `null`", request: post("null"), ...requestError("BAD_REQUEST") },
  {
    name: "a JSON string instead of an object",
    request: post(JSON.stringify(ARCHIVE)),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "a JSON number instead of an object",
    request: post("42"),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "missing `query`",
    request: post(JSON.stringify({ variables: {} })),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "`query` is a number",
    request: post(JSON.stringify({ query: 42 })),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "`query` is null",
    request: post(JSON.stringify({ query: null })),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "`variables` is a string",
    request: post(JSON.stringify({ query: ARCHIVE, variables: "x" })),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "`__proto__` in the body",
    request: post(`{"query":"${ARCHIVE}","__proto__":{"polluted":true}}`),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "UTF-8 byte order mark before the JSON",
    request: post(`\uFEFF${JSON.stringify({ query: ARCHIVE })}`),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "UTF-16 body",
    request: {
      ...post(""),
      headers: { "content-type": "application/json; charset=utf-16le", accept: GQL_TYPE },
      body: new Blob([Buffer.from(JSON.stringify({ query: ARCHIVE }), "utf16le")]),
    },
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "content-type text/plain",
    request: {
      ...post(JSON.stringify({ query: ARCHIVE })),
      headers: { "content-type": "text/plain", accept: GQL_TYPE },
    },
    status: 415,
    expect: { kind: "bare" },
  },
  {
    // A browser posts a form cross-origin without a preflight: it must not run a mutation.
    name: "content-type application/x-www-form-urlencoded (a cross-site form)",
    request: {
      ...post(`query=${encodeURIComponent(ARCHIVE)}`),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: GQL_TYPE },
    },
    status: 415,
    expect: { kind: "bare" },
  },
  {
    name: "content-type application/xml",
    request: {
      ...post("<query/>"),
      headers: { "content-type": "application/xml", accept: GQL_TYPE },
    },
    status: 415,
    expect: { kind: "bare" },
  },
  {
    name: "no content-type",
    request: { ...post(JSON.stringify({ query: ARCHIVE })), headers: { accept: GQL_TYPE } },
    status: 415,
    expect: { kind: "bare" },
  },
  {
    // No file uploads here (multipart is off), so any multipart body is an unsupported type.
    name: "multipart/form-data without an `operations` field",
    request: { method: "POST", path: "/graphql", headers: { accept: GQL_TYPE }, body: multipart() },
    status: 415,
    expect: { kind: "bare" },
  },
  {
    name: "Accept: application/xml only",
    request: {
      ...post(JSON.stringify({ query: ARCHIVE })),
      headers: { "content-type": "application/json", accept: "application/xml" },
    },
    status: 406,
    expect: { kind: "bare" },
  },
  {
    name: "PUT /graphql",
    request: { ...post(JSON.stringify({ query: ARCHIVE })), method: "PUT" },
    status: 405,
    expect: gqlCode("BAD_REQUEST"),
    headers: { allow: "GET, POST" },
  },
  {
    name: "DELETE /graphql",
    request: { method: "DELETE", path: "/graphql", headers: { accept: GQL_TYPE } },
    status: 405,
    expect: gqlCode("BAD_REQUEST"),
    headers: { allow: "GET, POST" },
  },
  {
    name: "GET with a mutation is refused",
    request: (f) =>
      get(
        `/graphql?query=${q(`mutation { castVote(input: { pollId: "${f.poll.pollId}", optionId: "${f.poll.optionIds[0]}", voterKey: "get-is-not-a-vote-0001" }) { __typename } }`)}`,
      ),
    status: 405,
    expect: gqlCode("BAD_REQUEST"),
    headers: { allow: "POST" },
  },
  {
    name: "GET with malformed JSON in `variables`",
    request: get(`/graphql?query=${q(ARCHIVE)}&variables=${q("{x")}`),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "GET with malformed JSON in `extensions`",
    request: get(`/graphql?query=${q(ARCHIVE)}&extensions=${q("{x")}`),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "Content-Length over 1 MiB",
    request: post(JSON.stringify({ query: ARCHIVE }), { "content-length": "2000000" }),
    status: 413,
    expect: gqlCode("PAYLOAD_TOO_LARGE"),
    check: (o) => expect(ext(o)).toMatchObject({ limit: 1_048_576 }),
  },
  {
    name: "a batch of 6 operations (limit 5)",
    request: post(JSON.stringify(Array.from({ length: 6 }, () => ({ query: ARCHIVE })))),
    status: 413,
    expect: gqlCode("BAD_REQUEST"),
    check: (o) => expect(body(o).errors?.[0]?.message).toMatch(/limited to 5/),
  },
  {
    // Yoga answered `{}` (neither data nor errors): a subscription is its own event stream.
    name: "a subscription inside a batch",
    request: post(
      JSON.stringify([
        { query: ARCHIVE },
        { query: "subscription { contentPublished(types: [ANNOUNCEMENT]) { title } }" },
      ]),
    ),
    ...requestError("BAD_REQUEST"),
    check: (o) => {
      expect(body(o)).not.toHaveProperty("data");
      expect(body(o).errors?.[0]?.message).toBe(
        "A subscription cannot be part of a batch: send it on its own, with Accept: text/event-stream.",
      );
    },
  },
  {
    // Judgement call: nothing to execute is a request error, like a missing query (400).
    name: "an empty batch `[]`",
    request: post("[]"),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "100,000 nested arrays as the body",
    request: post(deepJson(100_000)),
    status: 200,
    expect: gqlCode("BAD_REQUEST"),
  },
  {
    // Extra variables are ignored (GraphQL spec, CoerceVariableValues): the answer is the data.
    name: "deeply nested JSON (5,000 levels) in an unused variable",
    request: post(`{"query":"${ARCHIVE}","variables":{"deep":${deepJson(5_000)}}}`),
    status: 200,
    expect: gqlCode(null),
  },
  {
    name: "deeply nested JSON (5,000 levels) for a String! variable",
    request: post(
      `{"query":"query($q: String!) { search(query: $q) { totalCount } }","variables":{"q":${deepJson(5_000)}}}`,
    ),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    name: "50,000 unused variables",
    request: gql(
      ARCHIVE,
      Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`v${i}`, i])),
    ),
    status: 200,
    expect: gqlCode(null),
  },
  {
    name: "a 900 KB string literal in the document",
    request: gql(`{ search(query: "${"a".repeat(900_000)}") { totalCount } }`),
    ...fieldError("BAD_USER_INPUT", "search"),
  },
  {
    name: "a 900 KB slug in a variable",
    request: gql("query($s: String!) { issue(slug: $s) { id } }", { s: "a".repeat(900_000) }),
    status: 200,
    expect: gqlCode(null),
    check: (o) => expect(body(o).data).toEqual({ issue: null }),
  },
  {
    name: "a 900 KB operationName",
    request: gql(ARCHIVE, undefined, {}, { operationName: "x".repeat(900_000) }),
    ...requestError("OPERATION_RESOLUTION_FAILURE"),
  },
  // Through the listening server.
  {
    name: "Content-Length over 1 MiB (real socket)",
    via: "socket",
    request: gql(`${ARCHIVE} #${"x".repeat(1_100_000)}`),
    status: 413,
    expect: gqlCode("PAYLOAD_TOO_LARGE"),
  },
  {
    name: "chunked body over 1 MiB without Content-Length (raw socket)",
    via: "raw",
    request: { raw: chunkedOverLimit() },
    status: 413,
    expect: gqlCode("PAYLOAD_TOO_LARGE"),
  },
  {
    name: "truncated chunked body, then the client closes (raw socket)",
    via: "raw",
    request: {
      raw: `POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n{"query":"{ archive { mon`,
      halfClose: true,
    },
    status: 400,
    expect: { kind: "bare" },
  },
  {
    name: "malformed JSON (real socket)",
    via: "socket",
    request: post('{"query": "{ archive'),
    ...requestError("BAD_REQUEST"),
  },
  {
    name: "a 20 KB header (raw socket)",
    via: "raw",
    request: {
      raw: `GET /healthz HTTP/1.1\r\nHost: test\r\nX-Padding: ${"a".repeat(20_000)}\r\nConnection: close\r\n\r\n`,
    },
    status: 431,
    expect: { kind: "bare" },
  },
  {
    name: "a header line without a colon (raw socket)",
    via: "raw",
    request: {
      raw: "GET /healthz HTTP/1.1\r\nHost: test\r\nNot A Header\r\nConnection: close\r\n\r\n",
    },
    status: 400,
    expect: { kind: "bare" },
  },
];

// ---------------------------------------------------------------------------------------------
// 2. GraphQL documents

const DEEP = `{ person(slug: "ian-pratt") { appearsIn(first: 1) { edges { node { ... on Issue { sections { items { related { ... on Issue { sections { items { related { ... on Issue { sections { items { related { title } } } } } } } } } } } } } } } } }`;
const BROAD_FIELDS = Array.from(
  { length: 40 },
  () => "title slug url publishedAt updatedAt tags { slug name }",
).join(" ");
let introspectionCycle = "name";
for (let i = 0; i < 8; i++) introspectionCycle = `name fields { type { ${introspectionCycle} } }`;

const DOCUMENTS: Row[] = [
  {
    name: "syntax error",
    request: gql("{ archive { month }"),
    ...requestError("GRAPHQL_PARSE_FAILED"),
  },
  { name: "empty document", request: gql(""), ...requestError("GRAPHQL_PARSE_FAILED") },
  {
    name: "unknown field",
    request: gql("{ archive { nope } }"),
    ...requestError("GRAPHQL_VALIDATION_FAILED"),
  },
  {
    name: "unknown directive",
    request: gql("{ archive @nope { month } }"),
    ...requestError("GRAPHQL_VALIDATION_FAILED"),
  },
  {
    name: "too deep (depth 14, limit 12)",
    request: gql(DEEP),
    ...tooComplex("depth", 12),
  },
  {
    name: "31 aliases (limit 30)",
    request: gql(
      `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: archive { month }`).join(" ")} }`,
    ),
    ...tooComplex("aliases", 30),
  },
  {
    name: "21 directives (limit 20)",
    request: gql(`{ archive { month ${"@skip(if: false) ".repeat(21)} } }`),
    ...tooComplex("directives", 20),
  },
  {
    name: "2,100 tokens (limit 2,000)",
    request: gql(`{ ${"__typename ".repeat(2_100)} }`),
    ...tooComplex("tokens", 2_000),
  },
  {
    name: "too costly: timeline(first: 100) × appearsIn(first: 100)",
    request: gql(
      "{ timeline(first: 100) { edges { node { ... on Issue { sections { items { people { appearsIn(first: 100) { totalCount } } } } } } } } }",
    ),
    ...tooComplex("complexity", 20_000),
  },
  {
    name: "too broad (643 fields, limit 300)",
    request: gql(
      `{ timeline(first: 1) { edges { node { ... on Content { ${BROAD_FIELDS} } ... on Issue { ${BROAD_FIELDS} } } } } }`,
    ),
    ...tooComplex("breadth", 300),
  },
  {
    name: "too broad through a fragment (500 fields)",
    request: gql(`{ archive { ...A } } fragment A on ArchiveMonth { ${"month ".repeat(500)} }`),
    ...tooComplex("breadth", 300),
  },
  {
    // README: breadth is held to 300 and a violation is QUERY_TOO_COMPLEX. graphql-js gives up
    // first here ("Validation aborted.", its overlapping-fields work budget).
    name: "too wide: one field repeated 1,500 times",
    request: gql(`{ archive { ${"month ".repeat(1_500)} } }`),
    ...tooComplex("breadth", 300),
  },
  {
    name: "unknown operationName",
    request: gql("query A { archive { month } }", undefined, {}, { operationName: "B" }),
    ...requestError("OPERATION_RESOLUTION_FAILURE"),
  },
  {
    name: "anonymous and named operations without operationName",
    request: gql("{ archive { month } } query B { archive { month } }"),
    ...requestError("OPERATION_RESOLUTION_FAILURE"),
  },
  {
    name: "a document with only a fragment",
    request: gql("fragment A on Query { archive { month } }"),
    ...requestError("OPERATION_RESOLUTION_FAILURE"),
  },
  {
    name: "fragment cycle",
    request: gql(
      "{ archive { ...A } } fragment A on ArchiveMonth { ...B } fragment B on ArchiveMonth { ...A }",
    ),
    ...requestError("GRAPHQL_VALIDATION_FAILED"),
  },
  {
    name: "introspection is allowed (on by default)",
    request: gql("{ __schema { queryType { name } } }"),
    status: 200,
    expect: gqlCode(null),
    check: (o) => expect(body(o).data).toEqual({ __schema: { queryType: { name: "Query" } } }),
  },
  {
    name: "cyclic introspection (fields → type → fields …)",
    request: gql(`{ __type(name: "Query") { ${introspectionCycle} } }`),
    ...requestError("GRAPHQL_VALIDATION_FAILED"),
  },
];

// ---------------------------------------------------------------------------------------------
// 3. Variables and arguments

const TIMELINE_COUNT = (args: string) => `{ timeline(${args}) { totalCount } }`;
const NODE = "query($id: ID!) { node(id: $id) { id } }";
const WEBSEARCH_EDGES = [
  '"unterminated',
  '""',
  "-",
  '-""',
  "or",
  "or or xen",
  "xen or",
  "- - -",
  ":*",
  "xen:*",
  "(",
  "\\",
  "'",
  "😀",
];

const ARGUMENTS: Row[] = [
  {
    name: 'first: "ten" (literal)',
    request: gql(TIMELINE_COUNT('first: "ten"')),
    ...requestError("GRAPHQL_VALIDATION_FAILED"),
  },
  {
    name: 'first: "ten" (variable)',
    request: gql("query($n: Int) { timeline(first: $n) { totalCount } }", { n: "ten" }),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    name: "volume: 1.5 (literal)",
    request: gql("{ issue(volume: 1.5, number: 15) { id } }"),
    ...requestError("GRAPHQL_VALIDATION_FAILED"),
  },
  {
    name: "volume: 1.5 (variable)",
    request: gql("query($v: Int) { issue(volume: $v, number: 15) { id } }", { v: 1.5 }),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    name: 'DateTime "yesterday"',
    request: gql(
      "query($d: DateTime) { timeline(filter: { publishedAfter: $d }) { totalCount } }",
      {
        d: "yesterday",
      },
    ),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    // Not a date: JavaScript rolls it over to 2 March instead of refusing it.
    name: 'DateTime "2010-02-30T00:00:00Z"',
    request: gql(
      "query($d: DateTime) { timeline(filter: { publishedAfter: $d }) { totalCount } }",
      {
        d: "2010-02-30T00:00:00Z",
      },
    ),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    name: 'Date "2010-02-30" (createPoll, editor)',
    request: (f) =>
      gql(
        `mutation($d: Date) { createPoll(input: { title: "Bad date", question: "When?", options: [{ label: "a" }, { label: "b" }], resultsAnnouncedOn: $d }) { __typename } }`,
        { d: "2010-02-30" },
        { authorization: f.editor },
      ),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    name: "enum status: MAYBE (literal)",
    request: gql("{ polls(filter: { status: MAYBE }) { totalCount } }"),
    ...requestError("GRAPHQL_VALIDATION_FAILED"),
  },
  {
    name: 'enum status: "MAYBE" (variable)',
    request: gql("query($s: PollStatus) { polls(filter: { status: $s }) { totalCount } }", {
      s: "MAYBE",
    }),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    name: "first: 101",
    request: gql(TIMELINE_COUNT("first: 101")),
    ...fieldError("PAGE_SIZE_OUT_OF_RANGE", "timeline"),
  },
  {
    name: "first: -1",
    request: gql(TIMELINE_COUNT("first: -1")),
    ...fieldError("PAGE_SIZE_OUT_OF_RANGE", "timeline"),
  },
  {
    name: "first: 2^31 (not an Int)",
    request: gql(TIMELINE_COUNT("first: 2147483648")),
    ...requestError("GRAPHQL_VALIDATION_FAILED"),
  },
  {
    name: "first and last together",
    request: gql(TIMELINE_COUNT("first: 1, last: 1")),
    ...fieldError("BAD_USER_INPUT", "timeline"),
  },
  {
    name: 'after: "x"',
    request: gql(TIMELINE_COUNT('after: "x"')),
    ...fieldError("BAD_CURSOR", "timeline"),
  },
  {
    name: "after: base64 of junk",
    request: gql(TIMELINE_COUNT(`after: "${b64("junk!! not json")}"`)),
    ...fieldError("BAD_CURSOR", "timeline"),
  },
  {
    name: "after: 300 characters",
    request: gql(TIMELINE_COUNT(`after: "${"A".repeat(300)}"`)),
    ...fieldError("BAD_CURSOR", "timeline"),
  },
  {
    name: "a search cursor given to timeline",
    request: (f) => gql(TIMELINE_COUNT(`after: "${f.cursors.search}"`)),
    ...fieldError("BAD_CURSOR", "timeline"),
  },
  {
    name: "a timeline cursor given to search",
    request: (f) => gql(`{ search(query: "xen", after: "${f.cursors.timeline}") { totalCount } }`),
    ...fieldError("BAD_CURSOR", "search"),
  },
  {
    name: "forged timeline cursor: id 2^40",
    request: gql(TIMELINE_COUNT(`after: "${cursor(["c", "2010-04-13T12:00:00.000Z", 2 ** 40])}"`)),
    ...fieldError("BAD_CURSOR", "timeline"),
  },
  {
    name: "forged timeline cursor: year 275760",
    request: gql(TIMELINE_COUNT(`after: "${cursor(["c", "+275760-09-13T00:00:00.000Z", 1])}"`)),
    ...fieldError("BAD_CURSOR", "timeline"),
  },
  {
    name: "forged search cursor: rank 1e308",
    request: gql(`{ search(query: "xen", after: "${cursor(["s", 1e308, 3])}") { totalCount } }`),
    ...fieldError("BAD_CURSOR", "search"),
  },
  {
    name: "forged sessions cursor: position 2^40",
    request: gql(
      `{ events(first: 1) { edges { node { sessions(after: "${cursor(["p", 2 ** 40])}") { edges { cursor } } } } } }`,
    ),
    status: 200,
    expect: gqlCode("BAD_CURSOR"),
  },
  {
    name: 'node(id: "Issue:1") unencoded',
    request: gql(NODE, { id: "Issue:1" }),
    ...fieldError("BAD_ID", "node"),
  },
  {
    name: "node(id:) base64 of Secret:1",
    request: gql(NODE, { id: b64("Secret:1") }),
    ...fieldError("BAD_ID", "node"),
  },
  {
    name: "node(id:) base64 of Issue:0",
    request: gql(NODE, { id: b64("Issue:0") }),
    ...fieldError("BAD_ID", "node"),
  },
  {
    name: "node(id:) base64 of Issue:99999999999",
    request: gql(NODE, { id: b64("Issue:99999999999") }),
    ...fieldError("BAD_ID", "node"),
  },
  {
    name: "node(id:) of 5,000 characters",
    request: gql(NODE, { id: "A".repeat(5_000) }),
    ...fieldError("BAD_ID", "node"),
  },
  {
    name: "node(id:) well-formed but absent reads as null",
    request: gql(NODE, { id: b64("Issue:2147483647") }),
    status: 200,
    expect: gqlCode(null),
    check: (o) => expect(body(o).data).toEqual({ node: null }),
  },
  {
    name: "publishContent with a forged id (Secret:1)",
    request: (f) =>
      gql(
        "mutation($id: ID!) { publishContent(id: $id) { __typename } }",
        { id: b64("Secret:1") },
        { authorization: f.editor },
      ),
    ...fieldError("BAD_ID", "publishContent"),
  },
  {
    name: "deleteContent with a 5,000-character id",
    request: (f) =>
      gql(
        "mutation($id: ID!) { deleteContent(id: $id) { __typename } }",
        { id: "A".repeat(5_000) },
        { authorization: f.editor },
      ),
    ...fieldError("BAD_ID", "deleteContent"),
  },
  {
    name: "publishContent of an absent id is a NotFoundError",
    request: (f) =>
      gql(
        "mutation($id: ID!) { publishContent(id: $id) { __typename } }",
        { id: b64("Issue:999999") },
        { authorization: f.editor },
      ),
    status: 200,
    expect: gqlCode(null),
    check: (o) => expect(body(o).data).toEqual({ publishContent: { __typename: "NotFoundError" } }),
  },
  {
    name: 'archiveMonth(month: "2010-13")',
    request: gql('{ archiveMonth(month: "2010-13") { total } }'),
    ...fieldError("BAD_USER_INPUT", "archiveMonth"),
  },
  {
    name: 'filter: { month: "2010-13" }',
    request: gql(TIMELINE_COUNT('filter: { month: "2010-13" }')),
    ...fieldError("BAD_USER_INPUT", "timeline"),
  },
  {
    // A well-formed month with nothing in it: null (schema: "null when it holds nothing").
    name: 'archiveMonth(month: "9999-12")',
    request: gql('{ archiveMonth(month: "9999-12") { total } }'),
    status: 200,
    expect: gqlCode(null),
    check: (o) => expect(body(o).data).toEqual({ archiveMonth: null }),
  },
  {
    name: 'filter: { month: "9999-12" }',
    request: gql(TIMELINE_COUNT('filter: { month: "9999-12" }')),
    status: 200,
    expect: gqlCode(null),
    check: (o) => expect(body(o).data).toEqual({ timeline: { totalCount: 0 } }),
  },
  {
    name: "search with an empty query",
    request: gql('{ search(query: "") { totalCount } }'),
    ...fieldError("BAD_USER_INPUT", "search"),
  },
  {
    name: "search with 201 characters",
    request: gql(`{ search(query: "${"a".repeat(201)}") { totalCount } }`),
    ...fieldError("BAD_USER_INPUT", "search"),
  },
  {
    name: "search with tsquery operator soup",
    request: gql(
      "query($q: String!) { search(query: $q) { totalCount edges { node { snippet } } } }",
      {
        q: "& | ! :* ( ) <-> <2> \\ ' \" -- or OR",
      },
    ),
    status: 200,
    expect: gqlCode(null),
  },
  {
    name: "search-box syntax edge cases",
    request: gql(
      `query(${WEBSEARCH_EDGES.map((_, i) => `$q${i}: String!`).join(", ")}) { ${WEBSEARCH_EDGES.map((_, i) => `s${i}: search(query: $q${i}) { totalCount }`).join(" ")} }`,
      Object.fromEntries(WEBSEARCH_EDGES.map((s, i) => [`q${i}`, s])),
    ),
    status: 200,
    expect: gqlCode(null),
  },
  {
    name: "a required variable missing",
    request: gql("query($x: String!) { issue(slug: $x) { id } }"),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    name: "an unknown field in an input object",
    request: gql("query($f: ContentFilter) { timeline(filter: $f) { totalCount } }", {
      f: { nope: 1 },
    }),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    // Judgement call: a repeated enum is still the set {ISSUE} (200), or a clear refusal.
    name: "types: 100,000 × ISSUE",
    request: gql("query($t: [ContentType!]) { timeline(types: $t, first: 1) { totalCount } }", {
      t: Array.from({ length: 100_000 }, () => "ISSUE"),
    }),
    status: 200,
    expect: gqlCode([null, "BAD_USER_INPUT"]),
  },
];

// ---------------------------------------------------------------------------------------------
// 4. Injection strings in every text argument

export const PAYLOADS: { name: string; value: string }[] = [
  { name: "SQL tautology", value: "' OR 1=1 --" },
  { name: "SQL drop", value: '"; DROP TABLE content; --' },
  { name: "script tag", value: "<script>alert(1)</script>" },
  { name: "img onerror", value: "<img src=x onerror=alert(1)>" },
  { name: "template {{7*7}}", value: "{{7*7}}" },
  { name: `template \${7*7}`, value: `\${7*7}` },
  { name: "NUL character", value: "\u0000" },
  { name: "9,000 characters of unicode", value: "ξ😀".repeat(3_000) },
  { name: "RTL override", value: "\u202Egnp.exe\u202C" },
  { name: "%00", value: "%00" },
];

/**
 * Every text argument of the public queries: alias, selection, what a non-match reads as.
 * `nullable` fields share one document; each non-null connection gets a request of its own,
 * because a non-null root field that fails synchronously ends the execution of its siblings
 * (graphql-js drops their pending results, errors included) and would hide what they did.
 */
const TEXT_ARGUMENTS: {
  alias: string;
  field: string;
  kind: "slug" | "search" | "tag" | "month";
  nullable: boolean;
}[] = [
  { alias: "issue", field: "issue(slug: $v) { id }", kind: "slug", nullable: true },
  { alias: "announcement", field: "announcement(slug: $v) { id }", kind: "slug", nullable: true },
  { alias: "event", field: "event(slug: $v) { id }", kind: "slug", nullable: true },
  { alias: "poll", field: "poll(slug: $v) { id }", kind: "slug", nullable: true },
  { alias: "person", field: "person(slug: $v) { id }", kind: "slug", nullable: true },
  {
    alias: "archiveMonth",
    field: "archiveMonth(month: $v) { total }",
    kind: "month",
    nullable: true,
  },
  { alias: "search", field: "search(query: $v) { totalCount }", kind: "search", nullable: false },
  {
    alias: "timelineTag",
    field: "timeline(filter: { tag: $v }) { totalCount }",
    kind: "tag",
    nullable: false,
  },
  {
    alias: "eventsTag",
    field: "events(filter: { tag: $v }) { totalCount }",
    kind: "tag",
    nullable: false,
  },
  {
    alias: "timelineMonth",
    field: "timeline(filter: { month: $v }) { totalCount }",
    kind: "month",
    nullable: false,
  },
];

/** "none": no error, nothing found; else the error code at that field. */
type FieldAnswer = "none" | "BAD_USER_INPUT";

function expectedAnswer(
  payload: string,
  kind: (typeof TEXT_ARGUMENTS)[number]["kind"],
): FieldAnswer[] {
  if (kind === "month") return ["BAD_USER_INPUT"];
  if (kind === "search" && payload.length > 200) return ["BAD_USER_INPUT"];
  // A NUL cannot reach Postgres: either it matches nothing or it is refused (the brief allows both).
  if (payload.includes("\u0000")) return ["none", "BAD_USER_INPUT"];
  return ["none"];
}

const textQuery = (args: typeof TEXT_ARGUMENTS) =>
  `query($v: String!) { ${args.map((a) => `${a.alias}: ${a.field}`).join(" ")} }`;

/** Each argument's answer in `answer`: its error code, or "none" and an empty value. */
function expectTextAnswers(answer: GqlBody, value: string, args: typeof TEXT_ARGUMENTS) {
  const { data, errors = [] } = answer;
  for (const arg of args) {
    const error = errors.find((e) => e.path?.[0] === arg.alias);
    const code = error ? String(error.extensions?.code ?? "no code") : "none";
    expect(expectedAnswer(value, arg.kind), `${arg.alias}: ${error?.message ?? ""}`).toContain(
      code,
    );
    if (code !== "none") continue;
    const got = data?.[arg.alias];
    if (arg.kind === "slug") expect(got, arg.alias).toBeNull();
    if (arg.kind === "tag") expect(got, arg.alias).toEqual({ totalCount: 0 });
    if (arg.kind === "search") expect(got, arg.alias).toHaveProperty("totalCount");
  }
}

const READ_INJECTION: Row[] = PAYLOADS.map(({ name, value }) => ({
  name: `${name} in every text argument`,
  request: gql(textQuery(TEXT_ARGUMENTS.filter((a) => a.nullable)), { v: value }),
  status: 200,
  // archiveMonth always refuses these (not a month); no other field may fail otherwise.
  expect: gqlCode("BAD_USER_INPUT"),
  check: async (o, ctx) => {
    expectTextAnswers(
      body(o),
      value,
      TEXT_ARGUMENTS.filter((a) => a.nullable),
    );
    for (const arg of TEXT_ARGUMENTS.filter((a) => !a.nullable)) {
      // Same rules as the row itself: ctx.gql fails on a 500 or a masked error.
      expectTextAnswers(await ctx.gql(textQuery([arg]), { v: value }), value, [arg]);
    }
  },
}));

const ANNOUNCEMENT_RESULT = `__typename
  ... on CreateAnnouncementSuccess { announcement { id title body { markdown html text } } }
  ... on ValidationError { fieldErrors { path code } }`;
const CREATE_TWO = `mutation($t: AnnouncementInput!, $b: AnnouncementInput!) {
  t: createAnnouncement(input: $t) { ${ANNOUNCEMENT_RESULT} }
  b: createAnnouncement(input: $b) { ${ANNOUNCEMENT_RESULT} }
}`;
const CREATE_ONE = `mutation($b: AnnouncementInput!) { b: createAnnouncement(input: $b) { ${ANNOUNCEMENT_RESULT} } }`;

interface AnnouncementResult {
  __typename: string;
  announcement?: {
    id: string;
    title: string;
    body: { markdown: string; html: string; text: string } | null;
  };
  fieldErrors?: { path: string[]; code: string }[];
}

/** Nothing in sanitized HTML may run: no script/iframe/svg/style, no on* attributes, no javascript:. */
export function assertInertHtml(html: string) {
  const problems: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (["script", "iframe", "svg", "style", "object", "embed"].includes(name))
        problems.push(`<${name}>`);
      for (const [attr, value] of Object.entries(attributes)) {
        if (/^on/i.test(attr)) problems.push(`${name}[${attr}]`);
        if (/^\s*(javascript|data|vbscript):/i.test(value))
          problems.push(`${name}[${attr}]=${value}`);
      }
    },
  });
  parser.write(html);
  parser.end();
  expect(problems, html.slice(0, 200)).toEqual([]);
  expect(html).not.toMatch(/<script/i);
}

type Stored = "literal" | "INVALID_CHARACTERS" | "TOO_BIG" | "UNSAFE_MARKUP";

/** Check one createAnnouncement answer, and read a stored entry back as the editor. */
async function expectStored(
  result: AnnouncementResult | undefined,
  field: "title" | "body",
  value: string,
  expected: Stored,
  ctx: CheckContext,
) {
  if (expected !== "literal") {
    expect(result, field).toMatchObject({
      __typename: "ValidationError",
      fieldErrors: [{ path: ["input", field], code: expected }],
    });
    return;
  }
  expect(result?.__typename, JSON.stringify(result?.fieldErrors)).toBe("CreateAnnouncementSuccess");
  const stored = result?.announcement;
  if (field === "title") expect(stored?.title).toBe(value);
  else {
    expect(stored?.body?.markdown).toBe(value);
    assertInertHtml(stored?.body?.html ?? "");
  }
  const back = await ctx.gql(
    "query($id: ID!) { node(id: $id) { ... on Announcement { title body { markdown html } } } }",
    { id: stored?.id },
    { authorization: ctx.fixtures.editor },
  );
  const node = back.data?.node as {
    title: string;
    body: { markdown: string; html: string } | null;
  };
  if (field === "title") expect(node.title).toBe(value);
  else {
    expect(node.body?.markdown).toBe(value);
    assertInertHtml(node.body?.html ?? "");
  }
}

function storedAs(value: string, field: "title" | "body"): Stored {
  if (value.includes("\u0000")) return "INVALID_CHARACTERS";
  if (field === "title" && value.length > 300) return "TOO_BIG";
  if (field === "body" && /<(script|img)/.test(value)) return "UNSAFE_MARKUP";
  return "literal";
}

const WRITE_INJECTION: Row[] = PAYLOADS.map(({ name, value }, i) => ({
  name: `${name} as an announcement's title and Markdown body (editor)`,
  request: (f: Fixtures) =>
    gql(
      CREATE_TWO,
      {
        t: { kind: "NEWS", title: value },
        b: { kind: "NEWS", title: `Injection body ${i}`, body: value },
      },
      { authorization: f.editor },
    ),
  status: 200,
  expect: gqlCode(null),
  check: async (o, ctx) => {
    const data = body(o).data as { t?: AnnouncementResult; b?: AnnouncementResult };
    await expectStored(data.t, "title", value, storedAs(value, "title"), ctx);
    await expectStored(data.b, "body", value, storedAs(value, "body"), ctx);
  },
}));

const MARKUP: { name: string; value: string; stored: Stored }[] = [
  { name: "javascript: link", value: "[x](javascript:alert(1))", stored: "UNSAFE_MARKUP" },
  {
    name: "data: link",
    value: "[x](data:text/html,<script>alert(1)</script>)",
    stored: "UNSAFE_MARKUP",
  },
  { name: "iframe", value: "<iframe src=//evil.example>", stored: "UNSAFE_MARKUP" },
  { name: "svg onload", value: "<svg onload=alert(1)>", stored: "UNSAFE_MARKUP" },
  {
    name: "onerror smuggled in a Markdown image's alt text",
    value: '![x" onerror="alert(1)](https://example.org/a.png)',
    stored: "literal",
  },
];

const MARKUP_INJECTION: Row[] = MARKUP.map(({ name, value, stored }, i) => ({
  name: `Markdown body with ${name} (editor)`,
  request: (f: Fixtures) =>
    gql(
      CREATE_ONE,
      { b: { kind: "NEWS", title: `Markup ${i}`, body: value } },
      { authorization: f.editor },
    ),
  status: 200,
  expect: gqlCode(null),
  check: async (o, ctx) => {
    const data = body(o).data as { b?: AnnouncementResult };
    await expectStored(data.b, "body", value, stored, ctx);
  },
}));

// ---------------------------------------------------------------------------------------------
// 5. Feed URLs

const NO_FEED = "No feed at this address.";
const FEEDS: Row[] = [
  {
    name: "/feeds/../../etc/passwd (normalized by the URL parser)",
    request: { path: "/feeds/../../etc/passwd" },
    status: 404,
    expect: text("Not found: /etc/passwd."),
  },
  {
    name: "/feeds/%2e%2e/all.rss",
    request: { path: "/feeds/%2e%2e/all.rss" },
    status: 404,
    expect: text("Not found: /all.rss."),
  },
  {
    name: "/feeds/all%2Eatom",
    request: { path: "/feeds/all%2Eatom" },
    status: 404,
    expect: text(NO_FEED),
  },
  {
    name: "/feeds/tags/..%2f..%2fetc.rss",
    request: { path: "/feeds/tags/..%2f..%2fetc.rss" },
    status: 404,
    expect: text(NO_FEED),
  },
  {
    name: "/feeds/all.rss%00",
    request: { path: "/feeds/all.rss%00" },
    status: 404,
    expect: text(NO_FEED),
  },
  {
    name: "/feeds/%00.rss",
    request: { path: "/feeds/%00.rss" },
    status: 404,
    expect: text(NO_FEED),
  },
  {
    name: "double encoding /feeds/%252e%252e/all.rss",
    request: { path: "/feeds/%252e%252e/all.rss" },
    status: 404,
    expect: text(NO_FEED),
  },
  {
    name: "fullwidth /feeds/ａｌｌ.rss",
    request: { path: "/feeds/ａｌｌ.rss" },
    status: 404,
    expect: text(NO_FEED),
  },
  {
    name: "/feeds/ALL.rss (case)",
    request: { path: "/feeds/ALL.rss" },
    status: 404,
    expect: text(NO_FEED),
  },
  {
    name: "a 5,000-character feed path",
    request: { path: `/feeds/${"a".repeat(5_000)}.rss` },
    status: 404,
    expect: text('Unknown feed stream "a'),
  },
  {
    name: "unknown stream",
    request: { path: "/feeds/nope.rss" },
    status: 404,
    expect: text('Unknown feed stream "nope".'),
  },
  {
    name: "unknown format",
    request: { path: "/feeds/all.xml" },
    status: 404,
    expect: text('Unknown feed format ".xml"'),
  },
  {
    name: "month 2010-13",
    request: { path: "/feeds/all/2010-13.rss" },
    status: 404,
    expect: text("Archive documents are"),
  },
  {
    name: "an empty month",
    request: { path: "/feeds/all/1999-01.rss" },
    status: 404,
    expect: text("Nothing was published in 1999-01"),
  },
  {
    name: "month 9999-12",
    request: { path: "/feeds/all/9999-12.rss" },
    status: 404,
    expect: text("Nothing was published in 9999-12"),
  },
  {
    name: "unknown tag",
    request: { path: "/feeds/tags/nope.rss" },
    status: 404,
    expect: text('No tag "nope".'),
  },
  {
    name: "unknown event calendar",
    request: { path: "/feeds/events/nope.ics" },
    status: 404,
    expect: text('No published event "nope".'),
  },
  {
    name: "POST to a feed",
    request: { method: "POST", path: "/feeds/all.rss", body: "x" },
    status: 405,
    expect: text("Feeds answer GET and HEAD only, not POST."),
    headers: { allow: "GET, HEAD" },
  },
  {
    name: "PUT to a feed",
    request: { method: "PUT", path: "/feeds/all.atom", body: "x" },
    status: 405,
    expect: text("Feeds answer GET and HEAD only, not PUT."),
    headers: { allow: "GET, HEAD" },
  },
  {
    name: "HEAD of a feed",
    request: { method: "HEAD", path: "/feeds/all.rss" },
    status: 200,
    expect: { kind: "feed", type: "application/rss+xml; charset=utf-8", emptyBody: true },
  },
  {
    name: "If-None-Match: *",
    request: { path: "/feeds/all.rss", headers: { "if-none-match": "*" } },
    status: 304,
    expect: { kind: "feed", type: null, emptyBody: true },
  },
  {
    name: "malformed If-None-Match",
    request: { path: "/feeds/all.rss", headers: { "if-none-match": '""",,,W/W/"' } },
    status: 200,
    expect: { kind: "feed", type: "application/rss+xml; charset=utf-8" },
  },
  {
    name: "If-Modified-Since garbage",
    request: { path: "/feeds/all.rss", headers: { "if-modified-since": "yesterday-ish" } },
    status: 200,
    expect: { kind: "feed", type: "application/rss+xml; charset=utf-8" },
  },
  {
    // RFC 9110 §13.1.3: a value that is not an HTTP-date MUST be ignored. An ISO timestamp of
    // now (after the feed's Last-Modified) is not one, but Date.parse takes it.
    name: "If-Modified-Since not an HTTP-date (ISO 8601)",
    request: () => ({
      path: "/feeds/all.rss",
      headers: { "if-modified-since": new Date().toISOString() },
    }),
    status: 200,
    expect: { kind: "feed", type: "application/rss+xml; charset=utf-8" },
  },
  {
    name: "Accept-Encoding garbage",
    request: {
      path: "/feeds/all.atom",
      headers: { "accept-encoding": ";;;q=abc, gzip;q=NaN, br;q=-1, *;q=2, ,,," },
    },
    status: 200,
    expect: { kind: "feed", type: "application/atom+xml; charset=utf-8" },
  },
  {
    name: "Accept-Encoding of 6,000 characters",
    request: { path: "/feeds/all.json", headers: { "accept-encoding": "x,".repeat(3_000) } },
    status: 200,
    expect: { kind: "feed", type: "application/feed+json; charset=utf-8" },
  },
  {
    name: "raw request line with %2e%2e (real socket)",
    via: "raw",
    request: {
      raw: "GET /feeds/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
    },
    status: 404,
    expect: text("Not found: /etc/passwd."),
  },
  {
    name: "raw request line with ../ (real socket)",
    via: "raw",
    request: {
      raw: "GET /feeds/../../etc/passwd HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
    },
    status: 404,
    expect: text("Not found: /etc/passwd."),
  },
  {
    name: "raw request line with %00 (real socket)",
    via: "raw",
    request: { raw: "GET /feeds/all.rss%00 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n" },
    status: 404,
    expect: text(NO_FEED),
  },
  {
    name: "raw request line with UTF-8 bytes (real socket)",
    via: "raw",
    request: {
      raw: `GET /feeds/${Buffer.from("ａｌｌ", "utf8").toString("latin1")}.rss HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`,
    },
    status: 400,
    expect: { kind: "bare" },
  },
  {
    // RFC 9112 §3.2.2: a server MUST accept the absolute-form; the path is /feeds/all.rss.
    name: "absolute-form request target (real socket)",
    via: "raw",
    request: {
      raw: "GET http://test/feeds/all.rss HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
    },
    status: 200,
    expect: { kind: "feed", type: "application/rss+xml; charset=utf-8" },
  },
];

// ---------------------------------------------------------------------------------------------
// 6. Auth

const unauthenticated = (message: string): Answer => ({
  status: 401,
  expect: gqlCode("UNAUTHENTICATED"),
  headers: { "www-authenticate": /^Bearer/ },
  check: (o) => {
    expect(body(o)).not.toHaveProperty("data");
    expect(body(o).errors?.[0]?.message).toBe(message);
  },
});
const NOT_BEARER = 'The Authorization header must be "Bearer <token>".';
const NOT_OURS = "That is not an API token of this server (expected nca_…).";
const NEEDS_TOKEN = "This needs an editor API token: send Authorization: Bearer <token>.";
/** A token without the admin scope on an admin field: a field error naming the scope. */
const needsAdmin = (path: string): Answer => ({
  ...fieldError("FORBIDDEN", path),
  check: (o) => {
    expect(body(o)).toHaveProperty("data");
    expect(body(o).errors?.[0]?.path?.[0]).toBe(path);
    expect(ext(o).requiredScope).toBe("admin");
    expect(body(o).errors?.[0]?.message).toContain('"admin" scope');
  },
});

const AUTH: Row[] = [
  {
    name: "Authorization: Bearer (empty)",
    request: gql(ARCHIVE, undefined, { authorization: "Bearer" }),
    ...unauthenticated(NOT_BEARER),
  },
  {
    name: "Authorization: Basic",
    request: gql(ARCHIVE, undefined, { authorization: "Basic dXNlcjpwYXNz" }),
    ...unauthenticated(NOT_BEARER),
  },
  {
    name: "a token with a bad prefix",
    request: gql(ARCHIVE, undefined, {
      authorization: `Bearer xyz_AAAAAAAAAAAA_${"A".repeat(43)}`,
    }),
    ...unauthenticated(NOT_OURS),
  },
  {
    name: "a correct-looking unknown token",
    request: gql(ARCHIVE, undefined, {
      authorization: `Bearer nca_AAAAAAAAAAAA_${"A".repeat(43)}`,
    }),
    ...unauthenticated("Unknown API token."),
  },
  {
    name: "a revoked token",
    request: (f) => gql(ARCHIVE, undefined, { authorization: f.revoked }),
    ...unauthenticated("This API token has been revoked."),
  },
  {
    name: "a 10 KB Authorization header",
    request: gql(ARCHIVE, undefined, { authorization: `Bearer ${"A".repeat(10_240)}` }),
    ...unauthenticated(NOT_OURS),
  },
  {
    name: "a 10 KB Authorization header (real socket)",
    via: "socket",
    request: gql(ARCHIVE, undefined, { authorization: `Bearer ${"A".repeat(10_240)}` }),
    ...unauthenticated(NOT_OURS),
  },
  {
    name: "two tokens in one header",
    request: (f) => gql(ARCHIVE, undefined, { authorization: `${f.editor}, ${f.editor}` }),
    ...unauthenticated(NOT_BEARER),
  },
  {
    name: "malformed X-Preview-Token",
    request: gql(ARCHIVE, undefined, { "x-preview-token": "pv1.garbage" }),
    ...unauthenticated("Invalid preview token."),
  },
  {
    name: "expired X-Preview-Token",
    request: (f) => gql(ARCHIVE, undefined, { "x-preview-token": f.preview.expired }),
    ...unauthenticated("This preview token has expired; ask an editor for a new one."),
  },
  {
    name: "X-Preview-Token signed with another key",
    request: (f) => gql(ARCHIVE, undefined, { "x-preview-token": f.preview.forged }),
    ...unauthenticated("Invalid preview token."),
  },
  {
    name: "X-Preview-Token with a tampered payload",
    request: (f) => gql(ARCHIVE, undefined, { "x-preview-token": f.preview.tampered }),
    ...unauthenticated("Invalid preview token."),
  },
  {
    name: "a 10 KB X-Preview-Token",
    request: gql(ARCHIVE, undefined, {
      "x-preview-token": `pv1.${"A".repeat(10_000)}.${"B".repeat(43)}`,
    }),
    ...unauthenticated("Invalid preview token."),
  },
  {
    name: "an editor token on an admin field",
    request: (f) => gql("{ webhooks { id } }", undefined, { authorization: f.editor }),
    ...needsAdmin("webhooks"),
  },
  {
    name: "an editor token on an admin mutation",
    request: (f) =>
      gql(
        'mutation { createWebhook(input: { url: "https://partner.example/hook", eventTypes: ["*"] }) { __typename } }',
        undefined,
        { authorization: f.editor },
      ),
    ...needsAdmin("createWebhook"),
  },
  // Without a token, a guarded field is refused as a bad token is: one rule (docs/security.md).
  {
    name: "anonymous on an editor mutation",
    request: gql(
      'mutation { createAnnouncement(input: { kind: NEWS, title: "Anonymous" }) { __typename } }',
    ),
    ...unauthenticated(NEEDS_TOKEN),
  },
  {
    name: "anonymous on an admin field",
    request: gql("{ webhooks { id } }"),
    ...unauthenticated(NEEDS_TOKEN),
  },
  {
    name: "anonymous on an admin field beside public ones",
    request: gql("{ archive { month } webhooks { id } }"),
    ...unauthenticated(NEEDS_TOKEN),
  },
  {
    name: "a preview token on an editor mutation",
    request: (f) =>
      gql('mutation { createTag(input: { name: "Previewer" }) { __typename } }', undefined, {
        "x-preview-token": f.preview.valid,
      }),
    ...unauthenticated(NEEDS_TOKEN),
  },
];

// ---------------------------------------------------------------------------------------------
// 7. Votes, one request each (bursts are separate tests in bad-input.test.ts)

export const CAST_VOTE = `mutation($input: CastVoteInput!) { castVote(input: $input) {
  __typename ... on ValidationError { fieldErrors { path code } } } }`;

function vote(
  n: number,
  input: (f: Fixtures) => { pollId: string; optionId: string | undefined; voterKey: string },
) {
  return (f: Fixtures) => gql(CAST_VOTE, { input: input(f) }, ip(n));
}
const invalidKey = (n: number, voterKey: string): Omit<Row, "name"> => ({
  status: 200,
  expect: gqlCode(null),
  check: (o) =>
    expect(body(o).data).toEqual({
      castVote: {
        __typename: "ValidationError",
        fieldErrors: [{ path: ["input", "voterKey"], code: "INVALID_VOTER_KEY" }],
      },
    }),
  request: vote(n, (f) => ({
    pollId: f.poll.pollId,
    optionId: f.poll.optionIds[0],
    voterKey,
  })),
});

const VOTES: Row[] = [
  { name: "voter key too short", ...invalidKey(101, "short") },
  { name: "voter key with spaces", ...invalidKey(102, "reader with spaces 0001") },
  { name: "voter key of 10 KB", ...invalidKey(103, "k".repeat(10_240)) },
  { name: "voter key in Cyrillic", ...invalidKey(104, "ключ-читателя-000001") },
  { name: "voter key with a NUL", ...invalidKey(105, "reader-0000\u000000000") },
  {
    name: "a PollOption id of another poll",
    request: vote(201, (f) => ({
      pollId: f.poll.pollId,
      optionId: f.otherPoll.optionIds[0],
      voterKey: "reader-other-option-01",
    })),
    status: 200,
    expect: gqlCode(null),
    check: (o) => expect(body(o).data).toEqual({ castVote: { __typename: "OptionNotInPoll" } }),
  },
  {
    name: "an Issue id as pollId",
    request: vote(202, (f) => ({
      pollId: b64("Issue:1"),
      optionId: f.poll.optionIds[0],
      voterKey: "reader-issue-as-poll-1",
    })),
    status: 200,
    expect: gqlCode(null),
    check: (o) => expect(body(o).data).toEqual({ castVote: { __typename: "NotFoundError" } }),
  },
  {
    name: "a malformed pollId",
    request: vote(203, (f) => ({
      pollId: "not an id",
      optionId: f.poll.optionIds[0],
      voterKey: "reader-malformed-poll-1",
    })),
    ...fieldError("BAD_ID", "castVote"),
  },
  {
    name: "castVote input of the wrong type",
    request: gql(CAST_VOTE, { input: "vote for me" }, ip(204)),
    ...requestError("BAD_USER_INPUT"),
  },
  {
    name: "a junk X-Voter-Key on a read is ignored",
    request: gql(ARCHIVE, undefined, { "x-voter-key": "<script>alert(1)</script>" }),
    status: 200,
    expect: gqlCode(null),
  },
];

// ---------------------------------------------------------------------------------------------

const grouped = (group: Group, cases: Row[]): BadInputCase[] => cases.map((c) => ({ ...c, group }));

export const CASES: BadInputCase[] = [
  ...grouped("1 http/json", HTTP),
  ...grouped("2 documents", DOCUMENTS),
  ...grouped("3 variables/arguments", ARGUMENTS),
  ...grouped("4 injection", [...READ_INJECTION, ...WRITE_INJECTION, ...MARKUP_INJECTION]),
  ...grouped("5 feeds", FEEDS),
  ...grouped("6 auth", AUTH),
  ...grouped("7 votes", VOTES),
];
