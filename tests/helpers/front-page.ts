/** The front page query of DESIGN.md §3, with its page sizes as variables. */
export const FRONT_PAGE = `
query FrontPage($issues: Int = 10, $announcements: Int = 5, $events: Int = 5, $polls: Int = 3, $sessions: Int = 30) {
  issues(first: $issues) { edges { node { id title volume number publishedAt url
    sections { kind title items { title url people { name } } }
    stats { visitors pageViews browserShares { browser share } } } } }
  announcements(first: $announcements) { edges { node { id title kind dateline summary publishedAt url
    highlights { title links { title url } } } } }
  events(first: $events, filter: { upcoming: true }) { edges { node { id title startsAt endsAt venue
    registration { price { amount currency } }
    sessions(first: $sessions) { edges { node { title speakers { name } } } } } } }
  polls(first: $polls, filter: { status: OPEN }) { edges { node { id title question closesAt totalVotes
    options { label votes share } } } }
}`;
