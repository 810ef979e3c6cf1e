// Which bench scenarios PostGraphile answers too, with what request, and the check that its
// answer holds the same rows as ours before either is measured.
import { type Answer, type BenchRequest, dataOf, graphql, graphqlRequest } from "../http.js";
import { middleIssueSlug, type ScenarioId } from "../scenarios.js";
import { PEER_FRONT_PAGE, PEER_ISSUE, PEER_TIMELINE } from "./queries.js";

export interface PeerScenario {
  /** The peer's request; `now` is the instant its filters use (our server reads its own clock). */
  prepare(peerBase: string, ctx: { issues: number; now: string }): Promise<BenchRequest>;
  /** Throws unless the peer's answer has the rows of ours (titles and slugs, in order). */
  check(ours: Answer, peer: Answer): void;
}

type Nodes<T> = { nodes: T[] };
type Edges<T> = { edges: { node: T }[] };
type Titled = { title: string | null };

function same(what: string, ours: unknown[], peer: unknown[]): void {
  const a = JSON.stringify(ours);
  const b = JSON.stringify(peer);
  if (a !== b)
    throw new Error(`${what} differ: ours ${a.slice(0, 300)}, PostGraphile's ${b.slice(0, 300)}`);
}

type OurIssue = Titled & { sections: (Titled & { items: Titled[] })[] };
type PeerIssue = Titled & {
  issue: { sections: Nodes<Titled & { items: Nodes<Titled> }> } | null;
};
const ourItems = (i: OurIssue) => i.sections.map((s) => [s.title, s.items.map((t) => t.title)]);
const peerItems = (i: PeerIssue) =>
  (i.issue?.sections.nodes ?? []).map((s) => [s.title, s.items.nodes.map((t) => t.title)]);

function checkFrontPage(ours: Answer, peer: Answer): void {
  const o = dataOf<{
    issues: Edges<OurIssue>;
    announcements: Edges<Titled>;
    events: Edges<Titled & { sessions: Edges<Titled> }>;
    polls: Edges<Titled & { options: { label: string }[] }>;
  }>(ours);
  const p = dataOf<{
    issues: Nodes<PeerIssue>;
    announcements: Nodes<Titled>;
    events: Nodes<Titled & { event: { sessions: Nodes<Titled> } | null }>;
    polls: Nodes<Titled & { poll: { options: Nodes<{ label: string }> } | null }>;
  }>(peer);
  if (o.issues.edges.length === 0) throw new Error("our front page lists no issues");
  for (const list of ["issues", "announcements", "events", "polls"] as const) {
    same(
      `${list} titles`,
      o[list].edges.map((e) => e.node.title),
      p[list].nodes.map((n) => n.title),
    );
  }
  same(
    "issues' sections and items",
    o.issues.edges.map((e) => ourItems(e.node)),
    p.issues.nodes.map(peerItems),
  );
  same(
    "events' sessions",
    o.events.edges.map((e) => e.node.sessions.edges.map((s) => s.node.title)),
    p.events.nodes.map((n) => (n.event?.sessions.nodes ?? []).map((s) => s.title)),
  );
  same(
    "polls' options",
    o.polls.edges.map((e) => e.node.options.map((x) => x.label)),
    p.polls.nodes.map((n) => (n.poll?.options.nodes ?? []).map((x) => x.label)),
  );
}

function checkIssue(ours: Answer, peer: Answer): void {
  const o = dataOf<{ issue: (OurIssue & { slug: string; tags: { slug: string }[] }) | null }>(ours);
  const p = dataOf<{
    allContents: Nodes<PeerIssue & { slug: string; tags: Nodes<{ tag: { slug: string } }> }>;
  }>(peer);
  const mine = o.issue;
  const theirs = p.allContents.nodes[0];
  if (!mine || !theirs) throw new Error("one of the two answers has no issue");
  same("slugs", [mine.slug, mine.title], [theirs.slug, theirs.title]);
  same("sections and items", ourItems(mine), peerItems(theirs));
  same(
    "tags",
    mine.tags.map((t) => t.slug).sort(),
    theirs.tags.nodes.map((t) => t.tag.slug).sort(),
  );
}

function checkTimeline(ours: Answer, peer: Answer): void {
  const o = dataOf<{ timeline: Edges<Titled> }>(ours);
  const p = dataOf<{ allContents: Edges<Titled> }>(peer);
  if (o.timeline.edges.length === 0) throw new Error("our timeline page is empty");
  same(
    "timeline titles",
    o.timeline.edges.map((e) => e.node.title),
    p.allContents.edges.map((e) => e.node.title),
  );
}

export const PEER_SCENARIOS: Partial<Record<ScenarioId, PeerScenario>> = {
  "front-page": {
    prepare: async (_base, { now }) => graphqlRequest(PEER_FRONT_PAGE, { now }),
    check: checkFrontPage,
  },
  issue: {
    prepare: async (_base, { issues, now }) =>
      graphqlRequest(PEER_ISSUE, { now, slug: middleIssueSlug(issues) }),
    check: checkIssue,
  },
  "timeline-1": {
    prepare: async (_base, { now }) => graphqlRequest(PEER_TIMELINE, { now, cursor: null }),
    check: checkTimeline,
  },
  "timeline-200": {
    // Walk PostGraphile's own cursors to the same page as ours (its cursors are not ours).
    prepare: async (base, { now }) => {
      type Page = { allContents: Edges<Titled> & { pageInfo: { endCursor: string | null } } };
      let cursor: string | null = null;
      let reached: string | null = null;
      for (let page = 1; page <= 200; page++) {
        const data: Page = await graphql<Page>(base, PEER_TIMELINE, { now, cursor });
        if (data.allContents.edges.length < 20) break;
        reached = cursor;
        cursor = data.allContents.pageInfo.endCursor;
        if (!cursor) break;
      }
      return graphqlRequest(PEER_TIMELINE, { now, cursor: reached });
    },
    check: checkTimeline,
  },
};

/** Why a scenario has no PostGraphile cell. */
export const NO_PEER: Partial<Record<ScenarioId, string>> = {
  "front-page-cached": "PostGraphile has no response cache to compare with",
  search:
    "PostGraphile v5 has no full-text search without a SQL function in the schema (which the bench does not add)",
  "feed-build": "PostGraphile serves no feeds",
  "feed-cached": "PostGraphile serves no feeds",
  "feed-304": "PostGraphile serves no feeds",
};
