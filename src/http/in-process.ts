/**
 * GraphQL run inside the process as an anonymous reader: what any public client would be
 * answered, by the readers' schema and the same visibility rules, without HTTP, caches or
 * limits. Features that must show content "as readers see it" (webhook bodies) take this as a
 * function, so they never import the schema that imports them.
 */
import { type DocumentNode, type ExecutionResult, execute, validate } from "graphql";
import { ANONYMOUS } from "../auth/viewer.js";
import type { WebhookActions } from "../graphql/context.js";
import { schemas } from "../schema.js";
import { type Asking, type ContextParts, contextFor } from "./yoga.js";

/** Admin actions need an admin; an anonymous read never reaches them. */
const NO_WEBHOOK_ACTIONS: WebhookActions = {
  ping: () => Promise.reject(new Error("not available to in-process reads")),
  redeliver: () => Promise.reject(new Error("not available to in-process reads")),
};

/**
 * No read route: these reads use the primary, since a webhook body is built right after the
 * write it reports, which a replica may not have replayed yet.
 */
export type InProcessOptions = ContextParts;

/** An anonymous reader writes nothing: there is nothing to audit and no admin action to reach. */
const ANONYMOUS_ASKING: Asking = {
  viewer: ANONYMOUS,
  client: "in-process",
  voter: null,
  audit: () => {},
  webhooks: NO_WEBHOOK_ACTIONS,
};

/**
 * A runner of anonymous reads. Each call gets a fresh context (its own clock reading and
 * loaders), as a request would. A document is validated against the schema once, on first
 * use: a broken one is a programming error and throws. Execution errors come back in `errors`.
 */
export function anonymousRunner(
  o: InProcessOptions,
): (document: DocumentNode, variables: Record<string, unknown>) => Promise<ExecutionResult> {
  const valid = new WeakSet<DocumentNode>();
  return async (document, variableValues) => {
    const schema = schemas.readers;
    if (!valid.has(document)) {
      const problems = validate(schema, document);
      if (problems.length > 0)
        throw new AggregateError(problems, `invalid in-process document: ${problems[0]?.message}`);
      valid.add(document);
    }
    const contextValue = contextFor(o, ANONYMOUS_ASKING, o.clock());
    return execute({ schema, document, variableValues, contextValue });
  };
}
