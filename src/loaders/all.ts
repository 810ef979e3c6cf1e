import { Dependencies } from "../cache/dependencies.js";
import type { Db } from "../db/client.js";
import type { Visibility } from "../db/repos/visibility.js";
import type { Viewer } from "../viewer.js";
import { announcementLoaders } from "./announcements.js";
import { contentLoaders } from "./content.js";
import { eventLoaders } from "./events.js";
import { issueLoaders } from "./issues.js";
import { peopleLoaders } from "./people.js";
import { pollLoaders, type Voter } from "./polls.js";
import { statsLoaders } from "./stats.js";

/** What the viewer may see, fixed for the request. */
export function visibilityFor(viewer: Viewer, now: Date): Visibility {
  if (viewer.kind === "editor") return { kind: "all" };
  if (viewer.kind === "preview") return { kind: "preview", now, contentId: viewer.contentId };
  return { kind: "public", now };
}

/** Every DataLoader of one request. Created per request; never shared. */
export function createLoaders(
  db: Db,
  viewer: Viewer,
  now: Date,
  voter: Voter | null = null,
  deps: Dependencies = new Dependencies(),
) {
  const visibility = visibilityFor(viewer, now);
  return {
    visibility,
    ...contentLoaders(db, visibility, deps, now),
    issues: issueLoaders(db, deps),
    announcements: announcementLoaders(db, deps),
    events: eventLoaders(db, deps),
    polls: pollLoaders(db, voter, deps),
    stats: statsLoaders(db, visibility, deps),
    /** An issue's own stats show whenever the issue does (they have no life of their own there). */
    issueStats: statsLoaders(db, { kind: "all" }, deps).stats,
    people: peopleLoaders(db, deps),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
