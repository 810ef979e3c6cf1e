import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../helpers/app.js";
import { bearer } from "../helpers/auth.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { ERRORS, payload } from "../helpers/editorial.js";

type Case = [
  name: string,
  mutation: string,
  field: string,
  input: Record<string, unknown>,
  errors: { path: string[]; code: string; message?: string }[],
];

const EVENT = "mutation($input: EventInput!) { createEvent(input: $input) { ERRORS } }";
const POLL = "mutation($input: PollInput!) { createPoll(input: $input) { ERRORS } }";
const ISSUE = "mutation($input: IssueInput!) { createIssue(input: $input) { ERRORS } }";
const NEWS =
  "mutation($input: AnnouncementInput!) { createAnnouncement(input: $input) { ERRORS } }";
const event = (extra: Record<string, unknown>) => ({
  title: "Summit",
  startsAt: "2027-05-01T09:00:00Z",
  endsAt: "2027-05-02T17:00:00Z",
  ...extra,
});
const poll = (extra: Record<string, unknown>) => ({
  title: "Poll",
  question: "Which?",
  options: [{ label: "A" }, { label: "B" }],
  ...extra,
});

const CASES: Case[] = [
  [
    "a protocol-relative link (the sanitizer would drop it)",
    NEWS,
    "createAnnouncement",
    { kind: "NEWS", title: "News", summary: "s", body: "See [x](//evil.example/path)." },
    [
      {
        path: ["input", "body"],
        code: "UNSAFE_MARKUP",
        message:
          'contains markup readers would not get: links must name their scheme, https:// or http:// (found "//evil.example/path")',
      },
    ],
  ],
  [
    "a protocol-relative link in HTML, behind a blank",
    NEWS,
    "createAnnouncement",
    { kind: "NEWS", title: "News", summary: "s", body: '<a href=" //evil.example">x</a>' },
    [
      {
        path: ["input", "body"],
        code: "UNSAFE_MARKUP",
        message:
          'contains markup readers would not get: links must name their scheme, https:// or http:// (found " //evil.example")',
      },
    ],
  ],
  [
    "a title with a line break (it would inject properties into the .ics)",
    EVENT,
    "createEvent",
    event({ title: "Summit\r\nBEGIN:VEVENT\r\nSUMMARY:Injected" }),
    [
      {
        path: ["input", "title"],
        code: "INVALID_CHARACTERS",
        message: "must be one line (no line breaks)",
      },
    ],
  ],
  [
    "a venue with a Unicode line separator",
    EVENT,
    "createEvent",
    event({ venue: "Hall A\u2028Hall B" }),
    [{ path: ["input", "venue"], code: "INVALID_CHARACTERS" }],
  ],
  [
    "end before start",
    EVENT,
    "createEvent",
    event({ endsAt: "2027-04-30T00:00:00Z" }),
    [
      {
        path: ["input", "endsAt"],
        code: "END_BEFORE_START",
        message: "must not be before startsAt",
      },
    ],
  ],
  [
    "session ending before it starts",
    EVENT,
    "createEvent",
    event({
      sessions: [
        { title: "Talk", startsAt: "2027-05-01T10:00:00Z", endsAt: "2027-05-01T09:00:00Z" },
      ],
    }),
    [{ path: ["input", "sessions", "0", "endsAt"], code: "END_BEFORE_START" }],
  ],
  [
    "negative price",
    EVENT,
    "createEvent",
    event({ price: { amount: "-5.00", currency: "USD" } }),
    [{ path: ["input", "price", "amount"], code: "NEGATIVE", message: "must not be negative" }],
  ],
  [
    "malformed price",
    EVENT,
    "createEvent",
    event({ price: { amount: "12.345", currency: "USD" } }),
    [{ path: ["input", "price", "amount"], code: "INVALID_FORMAT" }],
  ],
  [
    "unknown currency",
    EVENT,
    "createEvent",
    event({ price: { amount: "235.00", currency: "XYZ" } }),
    [
      {
        path: ["input", "price", "currency"],
        code: "UNKNOWN_CURRENCY",
        message: '"XYZ" is not an ISO 4217 currency code',
      },
    ],
  ],
  [
    "unknown time zone",
    EVENT,
    "createEvent",
    event({ timeZone: "Mars/Olympus" }),
    [{ path: ["input", "timeZone"], code: "UNKNOWN_TIME_ZONE" }],
  ],
  [
    "poll with one option",
    POLL,
    "createPoll",
    poll({ options: [{ label: "Only" }] }),
    [
      {
        path: ["input", "options"],
        code: "TOO_FEW_OPTIONS",
        message: "a poll needs at least 2 options",
      },
    ],
  ],
  [
    "poll with repeated options",
    POLL,
    "createPoll",
    poll({ options: [{ label: "Same" }, { label: "same" }] }),
    [{ path: ["input", "options"], code: "DUPLICATE" }],
  ],
  [
    "poll closing before it opens",
    POLL,
    "createPoll",
    poll({ opensAt: "2027-01-02T00:00:00Z", closesAt: "2027-01-01T00:00:00Z" }),
    [{ path: ["input", "closesAt"], code: "END_BEFORE_START" }],
  ],
  [
    "results event that is not an event",
    POLL,
    "createPoll",
    poll({ resultsEvent: Buffer.from("Poll:1").toString("base64url") }),
    [
      {
        path: ["input", "resultsEvent"],
        code: "INVALID_ID",
        message: "must be the ID of an event",
      },
    ],
  ],
  [
    "duplicate volume and number",
    ISSUE,
    "createIssue",
    { title: "Again", volume: 10, number: 15 },
    [
      {
        path: ["input", "volume"],
        code: "DUPLICATE",
        message: "an issue with this volume and number already exists",
      },
    ],
  ],
  [
    "volume zero",
    ISSUE,
    "createIssue",
    { title: "Zero", volume: 0, number: 1 },
    [{ path: ["input", "volume"], code: "TOO_SMALL" }],
  ],
  [
    "Markdown over the size limit",
    ISSUE,
    "createIssue",
    { title: "Huge", volume: 99, number: 1, intro: "x".repeat(100_001) },
    [{ path: ["input", "intro"], code: "TOO_BIG", message: "must be at most 100000 characters" }],
  ],
  [
    "empty title",
    NEWS,
    "createAnnouncement",
    { title: "   ", kind: "NEWS" },
    [{ path: ["input", "title"], code: "TOO_SMALL", message: "must not be empty" }],
  ],
  [
    "control characters in a title",
    NEWS,
    "createAnnouncement",
    { title: "Bell\u0007", kind: "NEWS" },
    [{ path: ["input", "title"], code: "INVALID_CHARACTERS" }],
  ],
  [
    "non-http link",
    NEWS,
    "createAnnouncement",
    { title: "Links", kind: "NEWS", sourceUrl: "javascript:alert(1)" },
    [{ path: ["input", "sourceUrl"], code: "INVALID_URL" }],
  ],
  [
    "bad slug",
    NEWS,
    "createAnnouncement",
    { title: "Slug", kind: "NEWS", slug: "Not A Slug" },
    [{ path: ["input", "slug"], code: "INVALID_FORMAT" }],
  ],
  [
    "unknown tag",
    NEWS,
    "createAnnouncement",
    { title: "Tagged", kind: "NEWS", tags: ["no-such-tag"] },
    [{ path: ["input", "tags"], code: "UNKNOWN_TAG", message: "unknown tag: no-such-tag" }],
  ],
  [
    "unknown quoted person",
    NEWS,
    "createAnnouncement",
    { title: "Quote", kind: "NEWS", quotes: [{ text: "Hi", person: "nobody" }] },
    [{ path: ["input", "people"], code: "UNKNOWN_PERSON" }],
  ],
  [
    "stats week ending before it starts",
    ISSUE,
    "createIssue",
    {
      title: "Stats",
      volume: 99,
      number: 2,
      stats: { weekStart: "2027-01-10", weekEnd: "2027-01-04" },
    },
    [{ path: ["input", "stats", "weekEnd"], code: "END_BEFORE_START" }],
  ],
  [
    "browser share over 100%",
    ISSUE,
    "createIssue",
    {
      title: "Stats",
      volume: 99,
      number: 3,
      stats: {
        weekStart: "2027-01-04",
        weekEnd: "2027-01-10",
        browserShares: [{ browser: "Opera", share: 104.26 }],
      },
    },
    [{ path: ["input", "stats", "browserShares", "0", "share"], code: "TOO_BIG" }],
  ],
];

describe("editorial validation", () => {
  let tdb: TestDatabase;
  let app: ReturnType<typeof testApp>;
  let editor: Record<string, string>;
  beforeAll(async () => {
    tdb = await createTestDatabase("pglite", { seed: true });
    app = testApp(tdb);
    editor = { authorization: (await bearer(tdb.database.db, "editor")).authorization };
  });
  afterAll(() => tdb.drop());

  it.each(CASES)(
    "%s → ValidationError with path and code",
    async (_name, mutation, field, input, expected) => {
      tdb.sql.reset();
      const r = payload(
        await app.gql(mutation.replace("ERRORS", ERRORS), { input }, editor),
        field,
      );
      expect(r.__typename).toBe("ValidationError");
      expect(r.fieldErrors?.map(({ path, code }) => ({ path, code }))).toEqual(
        expected.map(({ path, code }) => ({ path, code })),
      );
      expected.forEach((e, i) => {
        if (e.message) expect(r.fieldErrors?.[i]?.message).toBe(e.message);
      });
    },
  );

  it("stores URLs normalised: markup in an image URL reaches readers percent-encoded", async () => {
    const r = payload(
      await app.gql(
        `mutation($input: PollInput!) { createPoll(input: $input) { ${ERRORS} ... on CreatePollSuccess { poll { options { imageUrl } } } } }`,
        {
          input: poll({
            options: [
              { label: "A", imageUrl: `https://Img.Example/a.png?"><script>alert(1)</script>` },
              { label: "B", imageUrl: "https://img.example/b c.png" },
            ],
          }),
        },
        editor,
      ),
      "createPoll",
    );
    expect(r.__typename).toBe("CreatePollSuccess");
    expect((r.poll as { options: { imageUrl: string }[] }).options).toEqual([
      { imageUrl: "https://img.example/a.png?%22%3E%3Cscript%3Ealert(1)%3C/script%3E" },
      { imageUrl: "https://img.example/b%20c.png" },
    ]);
  });

  it("a wrong GraphQL type never reaches validation: it is a GraphQL error", async () => {
    const r = await app.gql(
      EVENT.replace("ERRORS", ERRORS),
      { input: event({ startsAt: "not a date" }) },
      editor,
    );
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.message).toContain('Invalid DateTime "not a date"');
  });
});
