// What the soak sends: a weighted mix of what readers, feed readers, voters and an editor do,
// each kind one action with the check its answers must pass.
import { randomBytes, randomInt } from "node:crypto";
import {
  type Answer,
  type BenchRequest,
  dataOf,
  graphql,
  graphqlRequest,
  send,
  textOf,
} from "../bench/http.js";
import { SCENARIOS } from "../bench/scenarios.js";

export interface Kind {
  name: string;
  weight: number;
  /** One action against `base`; throws when an answer is wrong. */
  run(base: string): Promise<void>;
}

export interface Workload {
  kinds: Kind[];
  /** Votes the server said it counted: compared with the poll's total at the end. */
  accepted(): number;
  /** Per kind: answers an HTTP cache in front served (`x-edge: HIT`), of all answered. */
  edge(): Map<string, { hits: number; answers: number }>;
}

/** A GraphQL read as a GET (what an HTTP cache in front may keep): the same query and variables. */
function asGet(req: BenchRequest): BenchRequest {
  if (req.method !== "POST" || req.path !== "/graphql" || !req.body) return req;
  const { query, variables } = JSON.parse(req.body) as { query: string; variables?: unknown };
  const params = new URLSearchParams({ query });
  if (variables && Object.keys(variables).length)
    params.set("variables", JSON.stringify(variables));
  const { "content-type": _type, ...headers } = req.headers;
  return { method: "GET", path: `/graphql?${params}`, headers };
}

export const POLL_SLUG = "soak-poll";
const FEEDS = ["/feeds/all.atom", "/feeds/all.rss", "/feeds/all.json", "/feeds/issues.atom"];

const CREATE_POLL = `mutation($input: PollInput!) { createPoll(input: $input) {
  __typename ... on CreatePollSuccess { poll { id options { id } } } } }`;
const PUBLISH = `mutation($id: ID!) { publishContent(id: $id) { __typename } }`;
const CREATE_NEWS = `mutation($input: AnnouncementInput!) { createAnnouncement(input: $input) {
  __typename ... on CreateAnnouncementSuccess { announcement { id } } } }`;
const CAST = `mutation($input: CastVoteInput!) { castVote(input: $input) { __typename } }`;

type Payload = { __typename: string } & Record<string, unknown>;

/** A random client address: votes are limited per client, and the soak stands for many readers. */
const someAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

const edgeCounts = new Map<string, { hits: number; answers: number }>();

/** Send and check one request; the answer when it passes. Counts the edge's hits per kind. */
async function exchange(
  base: string,
  req: BenchRequest,
  check: (a: Answer) => void,
  kind: string,
): Promise<Answer> {
  const answer = await send(base, req);
  const counts = edgeCounts.get(kind) ?? { hits: 0, answers: 0 };
  counts.answers++;
  if (answer.headers["x-edge"] === "HIT") counts.hits++;
  edgeCounts.set(kind, counts);
  check(answer);
  return answer;
}

/** Create the open poll the voters use, then describe the mix. */
export async function prepareWorkload(
  base: string,
  issues: number,
  editorToken: string,
  /** Weight of the editor's publishing among the others (about 100 in all). */
  editorWeight = 0.3,
  /** Send GraphQL reads as GETs (an HTTP cache in front keeps those, not POSTs). */
  readsOverGet = false,
): Promise<Workload> {
  const asEditor = async (query: string, variables: Record<string, unknown>) => {
    const req = graphqlRequest(query, variables);
    req.headers.authorization = `Bearer ${editorToken}`;
    const data = dataOf<Record<string, Payload>>(await send(base, req));
    const payload = Object.values(data)[0];
    if (!payload?.__typename.endsWith("Success"))
      throw new Error(`editor: ${JSON.stringify(payload)}`);
    return payload;
  };
  const created = await asEditor(CREATE_POLL, {
    input: {
      slug: POLL_SLUG,
      title: "Soak poll",
      question: "Which mascot?",
      resultsVisibility: "ALWAYS",
      options: [{ label: "Panda" }, { label: "Fox" }, { label: "Owl" }, { label: "Otter" }],
    },
  });
  const poll = created.poll as { id: string; options: { id: string }[] };
  await asEditor(PUBLISH, { id: poll.id });

  const reads = await Promise.all(
    (["front-page-cached", "issue", "timeline-200", "search"] as const).map(async (id) => ({
      id,
      prepared: await SCENARIOS[id].prepare(base, { issues }),
    })),
  );
  const etags = new Map<string, string>();
  let feedTurn = 0;
  let accepted = 0;
  let news = 0;
  const weights: Record<(typeof reads)[number]["id"], number> = {
    "front-page-cached": 30,
    issue: 12,
    "timeline-200": 10,
    search: 3,
  };

  const kinds: Kind[] = [
    ...reads.map(({ id, prepared }) => {
      const name =
        id === "front-page-cached" ? "front page" : (prepared.label ?? SCENARIOS[id].label);
      const request = readsOverGet ? asGet(prepared.request) : prepared.request;
      return {
        name,
        weight: weights[id],
        run: async (base: string) => {
          await exchange(base, request, SCENARIOS[id].check, name);
        },
      };
    }),
    {
      name: "feeds (full fetch)",
      weight: 10,
      run: async (base) => {
        const path = FEEDS[feedTurn++ % FEEDS.length] as string;
        const answer = await exchange(
          base,
          { method: "GET", path, headers: { "accept-encoding": "gzip" } },
          (a) => {
            if (a.status !== 200) throw new Error(`${path}: HTTP ${a.status}`);
            if (textOf(a).length < 500) throw new Error(`${path}: an empty feed`);
          },
          "feeds (full fetch)",
        );
        if (answer.headers.etag) etags.set(path, answer.headers.etag);
      },
    },
    {
      // A feed reader polling with the ETag it got last time: 304 until something is published.
      name: "feeds (conditional)",
      weight: 15,
      run: async (base) => {
        const path = FEEDS[feedTurn++ % FEEDS.length] as string;
        const etag = etags.get(path);
        const answer = await exchange(
          base,
          {
            method: "GET",
            path,
            headers: { "accept-encoding": "gzip", ...(etag ? { "if-none-match": etag } : {}) },
          },
          (a) => {
            if (a.status !== 200 && a.status !== 304) throw new Error(`${path}: HTTP ${a.status}`);
          },
          "feeds (conditional)",
        );
        if (answer.headers.etag) etags.set(path, answer.headers.etag);
      },
    },
    {
      name: "votes",
      weight: 10,
      run: async (base) => {
        const req = graphqlRequest(CAST, {
          input: {
            pollId: poll.id,
            optionId: poll.options[randomInt(poll.options.length)]?.id,
            voterKey: `soak-${randomBytes(12).toString("hex")}`,
          },
        });
        req.headers["x-forwarded-for"] = someAddress();
        const voted = (a: Answer) => {
          const { castVote } = dataOf<{ castVote: Payload }>(a);
          if (castVote.__typename !== "VoteAccepted")
            throw new Error(`castVote: ${castVote.__typename}`);
        };
        await exchange(base, req, voted, "votes");
        accepted++;
      },
    },
    {
      // An editor publishing now and then: every cache (answers, feeds, ETags) has to follow.
      name: "editor publishes",
      weight: editorWeight,
      run: async () => {
        const n = ++news;
        const made = await asEditor(CREATE_NEWS, {
          input: {
            kind: "NEWS",
            title: `Soak news ${n}`,
            body: `Published during the soak (${n}).`,
          },
        });
        await asEditor(PUBLISH, { id: (made.announcement as { id: string }).id });
      },
    },
  ];
  return { kinds, accepted: () => accepted, edge: () => edgeCounts };
}

/** The soak poll's total as readers see it. */
export async function countedVotes(base: string): Promise<number | null> {
  const data = await graphql<{ poll: { totalVotes: number | null } | null }>(
    base,
    "query($slug: String!) { poll(slug: $slug) { totalVotes } }",
    { slug: POLL_SLUG },
  );
  return data.poll?.totalVotes ?? null;
}
