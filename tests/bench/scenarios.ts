// The benchmark scenarios: what each sends, how it is prepared, and what a correct answer is.
import { FRONT_PAGE } from "../helpers/front-page.js";
import {
  type Answer,
  type BenchRequest,
  dataOf,
  graphql,
  graphqlRequest,
  send,
  textOf,
} from "./http.js";

export const SCENARIO_IDS = [
  "front-page",
  "front-page-cached",
  "issue",
  "timeline-1",
  "timeline-200",
  "search",
  "feed-build",
  "feed-cached",
  "feed-304",
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** A scenario ready to fire: the exact request and the status every answer must have. */
export interface PreparedScenario {
  request: BenchRequest;
  expectedStatus: number;
  /** Shown in the JSON (and the table label when it differs from the plan), e.g. the page reached. */
  note?: string;
  /** Overrides the label, e.g. "timeline page 4" when the archive is too small for page 200. */
  label?: string;
}

export interface Scenario {
  id: ScenarioId;
  label: string;
  /** RESPONSE_CACHE of the server this scenario runs against. */
  responseCache: "on" | "off";
  /** FEED_CACHE of that server: off makes every feed request build its document. */
  feedCache: "on" | "off";
  prepare(base: string, ctx: { issues: number }): Promise<PreparedScenario>;
  /** Throws when the real server's answer is not the one the scenario means to measure. */
  check(answer: Answer): void;
}

const TIMELINE = `query Timeline($cursor: String) {
  timeline(first: 20, after: $cursor) { edges { cursor node { __typename ... on Content { title } } } pageInfo { endCursor } }
}`;
const PAGE_SIZE = 20;
const DEEP_PAGE = 200;

const ISSUE = `query Issue($slug: String!) {
  issue(slug: $slug) {
    id slug title volume number publishedAt publishedAtPrecision updatedAt url fullNewsletterUrl summary
    intro { html }
    tags { slug name }
    sections { kind title items { title url body { html } people { slug name url } } }
    stats { weekStart weekEnd visitors pageViews browserShares { browser share }
      mailingLists { list posts url } superstars { slug name url } }
  }
}`;

const SEARCH = `query Search($q: String!) {
  search(query: $q, first: 10) { totalCount edges { node { snippet node { title } } } }
}`;
const SEARCH_WORDS = "scheduler";

const FEED_PATH = "/feeds/all.atom";
/** What feed readers commonly send; the 304 scenario repeats it so the ETag matches. */
const FEED_HEADERS = { accept: "application/atom+xml", "accept-encoding": "gzip" };

/** The synthetic issue in the middle of the archive (week k = issues/2, 0 = newest). */
export function middleIssueSlug(issues: number): string {
  const k = Math.floor(issues / 2);
  return `synthetic-weekly-vol-${100 + Math.floor(k / 52)}-no-${(k % 52) + 1}`;
}

type TimelinePage = {
  timeline: { edges: { cursor: string }[]; pageInfo: { endCursor: string | null } };
};

function checkFrontPage(answer: Answer): void {
  const data = dataOf<{ issues: { edges: unknown[] } }>(answer);
  if (data.issues.edges.length === 0) throw new Error("the front page lists no issues");
}

function checkTimeline(answer: Answer): void {
  const data = dataOf<TimelinePage>(answer);
  if (data.timeline.edges.length !== PAGE_SIZE)
    throw new Error(`timeline page has ${data.timeline.edges.length} entries, not ${PAGE_SIZE}`);
}

const feedRequest = (): BenchRequest => ({
  method: "GET",
  path: FEED_PATH,
  headers: { ...FEED_HEADERS },
});

function checkAtom(answer: Answer): void {
  if (answer.status !== 200)
    throw new Error(`HTTP ${answer.status}: ${textOf(answer).slice(0, 200)}`);
  if (!textOf(answer).includes("<feed")) throw new Error("the answer is not an Atom feed");
}

export const SCENARIOS: Record<ScenarioId, Scenario> = {
  "front-page": {
    id: "front-page",
    label: "front page (cache off)",
    responseCache: "off",
    feedCache: "on",
    prepare: async () => ({ request: graphqlRequest(FRONT_PAGE), expectedStatus: 200 }),
    check: checkFrontPage,
  },
  "front-page-cached": {
    id: "front-page-cached",
    label: "front page (cache on)",
    responseCache: "on",
    feedCache: "on",
    prepare: async () => ({ request: graphqlRequest(FRONT_PAGE), expectedStatus: 200 }),
    check: checkFrontPage,
  },
  issue: {
    id: "issue",
    label: "issue by slug",
    responseCache: "off",
    feedCache: "on",
    prepare: async (_base, { issues }) => {
      const slug = middleIssueSlug(issues);
      return { request: graphqlRequest(ISSUE, { slug }), expectedStatus: 200, note: slug };
    },
    check: (answer) => {
      const data = dataOf<{ issue: { sections: unknown[] } | null }>(answer);
      if (!data.issue) throw new Error("the issue is null: the synthetic archive lacks it");
      if (data.issue.sections.length === 0) throw new Error("the issue has no sections");
    },
  },
  "timeline-1": {
    id: "timeline-1",
    label: "timeline page 1",
    responseCache: "off",
    feedCache: "on",
    prepare: async () => ({
      request: graphqlRequest(TIMELINE, { cursor: null }),
      expectedStatus: 200,
    }),
    check: checkTimeline,
  },
  "timeline-200": {
    id: "timeline-200",
    label: `timeline page ${DEEP_PAGE}`,
    responseCache: "off",
    feedCache: "on",
    prepare: async (base) => {
      // Walk the archive once, as a reader paging back would, to get the cursor before page 200.
      let cursor: string | null = null;
      let page = 1;
      let reached: { page: number; cursor: string | null } | undefined;
      for (; page <= DEEP_PAGE; page++) {
        const data: TimelinePage = await graphql<TimelinePage>(base, TIMELINE, { cursor });
        if (data.timeline.edges.length < PAGE_SIZE) break;
        reached = { page, cursor };
        cursor = data.timeline.pageInfo.endCursor;
        if (!cursor) break;
      }
      if (!reached) throw new Error("the timeline has not even one full page");
      const short = reached.page < DEEP_PAGE;
      return {
        request: graphqlRequest(TIMELINE, { cursor: reached.cursor }),
        expectedStatus: 200,
        note: short
          ? `page ${reached.page}: the archive has no full page ${DEEP_PAGE}`
          : `page ${reached.page}`,
        ...(short ? { label: `timeline page ${reached.page}` } : {}),
      };
    },
    check: checkTimeline,
  },
  search: {
    id: "search",
    label: `search "${SEARCH_WORDS}"`,
    responseCache: "off",
    feedCache: "on",
    prepare: async () => ({
      request: graphqlRequest(SEARCH, { q: SEARCH_WORDS }),
      expectedStatus: 200,
    }),
    check: (answer) => {
      const data = dataOf<{ search: { totalCount: number } }>(answer);
      if (data.search.totalCount === 0) throw new Error(`search finds nothing for ${SEARCH_WORDS}`);
    },
  },
  "feed-build": {
    id: "feed-build",
    label: `${FEED_PATH} built per request (200)`,
    responseCache: "off",
    feedCache: "off",
    prepare: async () => ({ request: feedRequest(), expectedStatus: 200 }),
    check: checkAtom,
  },
  "feed-cached": {
    id: "feed-cached",
    label: `${FEED_PATH} from the feed cache (200)`,
    responseCache: "off",
    feedCache: "on",
    prepare: async () => ({ request: feedRequest(), expectedStatus: 200 }),
    check: checkAtom,
  },
  "feed-304": {
    id: "feed-304",
    label: `${FEED_PATH} from the feed cache (304)`,
    responseCache: "off",
    feedCache: "on",
    prepare: async (base) => {
      const first = await send(base, feedRequest());
      const etag = first.headers.etag;
      if (first.status !== 200 || !etag)
        throw new Error(`GET ${FEED_PATH} gave HTTP ${first.status} without an ETag`);
      return {
        request: {
          method: "GET",
          path: FEED_PATH,
          headers: { ...FEED_HEADERS, "if-none-match": etag },
        },
        expectedStatus: 304,
        note: `If-None-Match: ${etag}`,
      };
    },
    check: (answer) => {
      if (answer.status !== 304)
        throw new Error(`expected 304 Not Modified, got HTTP ${answer.status}`);
    },
  },
};
