// The bench's queries as PostGraphile v5 (amber preset + connection filter) spells them over the
// project's tables: the same rows (live entries only, no pending-edit copies, newest first by
// (sort_at, id) as src/read/listing.ts orders them), the same nesting and the same page sizes as
// tests/helpers/front-page.ts and scenarios.ts. What PostGraphile cannot compute from columns is
// read raw: Markdown instead of rendered HTML, vote counts instead of shares and totals, slugs
// instead of URLs. `$now` is the instant the scenario was prepared: our server reads its clock
// per request, PostGraphile has no clock in a filter.

/** `src/read/visibility.ts` liveSql and listing.ts's "no pending-edit copies", as a filter. */
const LIVE = `status: { notEqualTo: draft }, publishedAt: { lessThanOrEqualTo: $now }, revisionOf: { isNull: true }`;
const NEWEST = `orderBy: [SORT_AT_DESC, ROW_ID_DESC]`;

export const PEER_FRONT_PAGE = `
query PeerFrontPage($now: Datetime!, $issues: Int = 10, $announcements: Int = 5, $events: Int = 5, $polls: Int = 3, $sessions: Int = 30) {
  issues: allContents(first: $issues, ${NEWEST}, filter: { type: { equalTo: issue }, ${LIVE} }) {
    nodes { rowId slug title publishedAt
      issue: issueByContentId { volume number
        sections: issueSectionsByIssueId(orderBy: POSITION_ASC) { nodes { kind title
          items: sectionItemsBySectionId(orderBy: POSITION_ASC) { nodes { title url
            people: sectionItemPeopleByItemId(orderBy: POSITION_ASC) { nodes { person: personByPersonId { name } } } } } } }
        stats: weeklyStatByStatsId { visitors pageViews
          browserShares: browserSharesByStatsId(orderBy: POSITION_ASC) { nodes { browser share } } } } } }
  announcements: allContents(first: $announcements, ${NEWEST}, filter: { type: { equalTo: announcement }, ${LIVE} }) {
    nodes { rowId slug title publishedAt
      announcement: announcementByContentId { kind dateline summary
        highlights: highlightsByAnnouncementId(orderBy: POSITION_ASC) { nodes { title
          links: highlightLinksByHighlightId(orderBy: POSITION_ASC) { nodes { title url } } } } } } }
  events: allContents(first: $events, ${NEWEST}, filter: { type: { equalTo: event }, ${LIVE},
      eventByContentId: { endsAt: { greaterThanOrEqualTo: $now } } }) {
    nodes { rowId slug title
      event: eventByContentId { startsAt endsAt venue priceAmount priceCurrency
        sessions: eventSessionsByEventId(first: $sessions, orderBy: POSITION_ASC) { nodes { title
          speakers: sessionSpeakersBySessionId(orderBy: POSITION_ASC) { nodes { person: personByPersonId { name } } } } } } } }
  polls: allContents(first: $polls, ${NEWEST}, filter: { type: { equalTo: poll }, ${LIVE},
      pollByContentId: {
        or: [{ opensAt: { isNull: true } }, { opensAt: { lessThanOrEqualTo: $now } }],
        and: [{ or: [{ closesAt: { isNull: true } }, { closesAt: { greaterThan: $now } }] }] } }) {
    nodes { rowId slug title
      poll: pollByContentId { question closesAt
        options: pollOptionsByPollId(orderBy: POSITION_ASC) { nodes { label voteCount legacyVotes } } } } }
}`;

export const PEER_ISSUE = `
query PeerIssue($now: Datetime!, $slug: String!) {
  allContents(first: 1, filter: { type: { equalTo: issue }, slug: { equalTo: $slug }, ${LIVE} }) {
    nodes { rowId slug title publishedAt publishedAtPrecision updatedAt
      tags: contentTagsByContentId { nodes { tag: tagByTagId { slug name } } }
      issue: issueByContentId { volume number fullNewsletterUrl summary introMd
        sections: issueSectionsByIssueId(orderBy: POSITION_ASC) { nodes { kind title
          items: sectionItemsBySectionId(orderBy: POSITION_ASC) { nodes { title url bodyMd
            people: sectionItemPeopleByItemId(orderBy: POSITION_ASC) { nodes { person: personByPersonId { slug name url } } } } } } }
        stats: weeklyStatByStatsId { weekStart weekEnd visitors pageViews
          browserShares: browserSharesByStatsId(orderBy: POSITION_ASC) { nodes { browser share } }
          mailingLists: mailingListActivitiesByStatsId(orderBy: POSITION_ASC) { nodes { list posts url } }
          superstars: statsSuperstarsByStatsId(orderBy: POSITION_ASC) { nodes { person: personByPersonId { slug name url } } } } } } }
}`;

/** A timeline page: every live entry of any type, newest first (our `timeline` has the same rows). */
export const PEER_TIMELINE = `
query PeerTimeline($now: Datetime!, $cursor: Cursor) {
  allContents(first: 20, after: $cursor, ${NEWEST}, filter: { ${LIVE} }) {
    edges { cursor node { type title } } pageInfo { endCursor } }
}`;
