import type { ContentKind } from "../entry/kind.js";
import { issueFeedBody } from "./feed.js";
import { issueSchema, issueToWrite } from "./input.js";
import { issueDetail, issueRecords } from "./loaders.js";
import { issuesNaming } from "./reads.js";
import { issueSnapshot } from "./snapshot.js";
import { createIssues, publishIssueStats, removeIssueStats, replaceIssue } from "./writes.js";

/** What the shared machinery needs to know about issues (see ../entry/kind.ts). */
export const issueKind: ContentKind<typeof issueSchema> = {
  type: "issue",
  schema: issueSchema,
  snapshot: issueSnapshot,
  create: async (db, input, base, path, revision) =>
    (await createIssues(db, [{ ...issueToWrite(input, base, path), revision }]))[0] as number,
  replace: (db, id, input, base, path, at, revision) =>
    replaceIssue(db, id, { ...issueToWrite(input, base, path), revision }, at),
  removeOwned: removeIssueStats,
  publicationChanged: publishIssueStats,
  records: issueRecords,
  detail: issueDetail,
  feedBody: async (r, id) => {
    const issue = await r.use(issueRecords).load(id);
    return issue && issueFeedBody(r, issue);
  },
  card: async (r, id) => {
    const issue = await r.use(issueRecords).load(id);
    return issue && { summary: issue.summary, bodyMd: issue.introMd, image: null };
  },
  mentions: issuesNaming,
};
