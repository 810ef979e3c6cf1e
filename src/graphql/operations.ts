import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * The operation a request runs: the one named `operationName`, else the first (graphql-js
 * refuses an unnamed choice among several at execution; callers only need a best guess).
 */
export function operationOf(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode | undefined {
  for (const d of document.definitions) {
    if (
      d.kind === Kind.OPERATION_DEFINITION &&
      (operationName == null || d.name?.value === operationName)
    )
      return d;
  }
  return undefined;
}

/** What to do after visiting a field: enter its own selections, pass over them, or end the walk. */
export type FieldStep = "descend" | "skip" | "stop";

/**
 * Visit the fields of a selection set in document order with fragment spreads and inline
 * fragments expanded. Unknown fragments and cycles (validation errors of their own) are passed
 * over, which keeps the walk finite.
 */
export function visitFields(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  visit: (field: FieldNode) => FieldStep,
): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  const open = new Set<string>();
  let stopped = false;
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (stopped) return;
      if (s.kind === Kind.FIELD) {
        const step = visit(s);
        if (step === "stop") stopped = true;
        else if (step === "descend" && s.selectionSet) walk(s.selectionSet);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet);
      else {
        const fragment = fragments.get(s.name.value);
        if (!fragment || open.has(s.name.value)) continue;
        open.add(s.name.value);
        walk(fragment.selectionSet);
        open.delete(s.name.value);
      }
    }
  };
  walk(selectionSet);
}
