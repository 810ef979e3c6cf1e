import { GraphQLClient } from "graphql-request";
import { graphql } from "./gql/index.js";

const FrontPageCards = graphql(`
  query FrontPageCards($first: Int!) {
    issues(first: $first) {
      edges { node { title volume number publishedAt url } }
    }
    polls(first: 3) {
      edges { node { question status closesAt totalVotes options { label votes } } }
    }
  }
`);

/** A client for the API, e.g. `client("http://localhost:4000/graphql")`. */
export const client = (endpoint: string, fetch?: typeof globalThis.fetch) =>
  new GraphQLClient(endpoint, fetch ? { fetch } : {});

/** The newest issues and polls, typed from the schema: a misspelt field fails to compile. */
export async function frontPage(api: GraphQLClient, first = 10) {
  const data = await api.request(FrontPageCards, { first });
  return {
    issues: data.issues.edges.map(
      // publishedAt is DateTime! for readers (a string here): they only see published entries.
      ({ node }) =>
        `Vol ${node.volume} No ${node.number}: ${node.title} (${node.publishedAt.slice(0, 10)})`,
    ),
    polls: data.polls.edges.map(({ node }) => ({
      question: node.question,
      closed: node.status === "CLOSED",
      closesAt: node.closesAt, // DateTime arrives as an ISO string; null: never closes
      totalVotes: node.totalVotes, // null while the results are hidden from this reader
    })),
  };
}
