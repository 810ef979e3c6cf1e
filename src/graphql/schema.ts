import { assertValidSchema } from "graphql";
import { builder } from "./builder.js";
import "./types/content.js";
import "./types/person.js";
import "./types/stats.js";
import "./types/issue.js";
import "./types/announcement.js";
import "./types/event.js";
import "./types/poll.js";
import "./types/archive.js";
import "./types/search.js";
import "./types/node.js";
import "./types/feeds.js";
import "./types/errors.js";
import "./types/editorial/content-mutations.js";
import "./types/editorial/shared-data-mutations.js";
import "./types/webhook.js";
import "./types/vote.js";
import "./types/subscriptions.js";

builder.queryType({});
builder.mutationType({
  description: "Editorial writes (editor token) and, for readers, castVote.",
});

/** The executable schema: every type file above registers itself on the builder. */
export const schema = builder.toSchema();
// Fail at start-up, not on the first request, if the schema is ever invalid.
assertValidSchema(schema);
