/** What GraphiQL opens with: a tour of the April 2010 reference archive. */
export const DEFAULT_GRAPHIQL_QUERY = `# The April 2010 Xen.org newsletter archive. Press the run button.
query April2010 {
  archiveMonth(month: "2010-04") {
    month
    total
    entries(first: 10) {
      edges {
        node {
          __typename
          title
          publishedAt
          url
          ... on Issue {
            volume
            number
            stats { visitors pageViews browserShares { browser share } }
          }
          ... on Announcement { kind dateline highlights { title links { url } } }
          ... on Event { startsAt endsAt registration { price { amount currency } } presentationCount }
          ... on Poll { question closesAt status options { label votes } }
        }
      }
    }
  }
}
`;
