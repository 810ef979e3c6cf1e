import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getDirectiveValues,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
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

/** A document's fragments by name. */
function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  }
  return fragments;
}

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
  const fragments = fragmentsOf(document);
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

/** A schema field an operation selects, and the type it is selected on. */
export interface SelectedField {
  field: GraphQLField<unknown, unknown>;
  parent: GraphQLCompositeType;
}

/** Whether @skip/@include keep a selection; a condition that cannot be read keeps it. */
function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  try {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  } catch {
    return true;
  }
}

/**
 * Visit the schema fields an operation would resolve, each with the type it is selected on:
 * fragments expanded, selections @skip/@include leave out passed over, `__typename` and
 * fields the schema lacks (validation errors of their own) ignored. Ends when `visit` says so.
 */
export function visitSelectedFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  visit: (selected: SelectedField) => "descend" | "stop",
): void {
  const fragments = fragmentsOf(document);
  const open = new Set<string>();
  let stopped = false;
  const typeNamed = (name: string | undefined, otherwise: GraphQLCompositeType) => {
    const type = name === undefined ? otherwise : schema.getType(name);
    return isCompositeType(type) ? type : null;
  };
  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType) => {
    for (const s of set.selections) {
      if (stopped) return;
      if (!included(s, variables)) continue;
      if (s.kind === Kind.FIELD) {
        const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
        const field = fields[s.name.value];
        if (!field) continue;
        if (visit({ field, parent }) === "stop") stopped = true;
        const type = getNamedType(field.type);
        if (!stopped && s.selectionSet && isCompositeType(type)) walk(s.selectionSet, type);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = typeNamed(s.typeCondition?.name.value, parent);
        if (on) walk(s.selectionSet, on);
      } else {
        const fragment = fragments.get(s.name.value);
        const on = fragment && typeNamed(fragment.typeCondition.name.value, parent);
        if (!fragment || !on || open.has(s.name.value)) continue;
        open.add(s.name.value);
        walk(fragment.selectionSet, on);
        open.delete(s.name.value);
      }
    }
  };
  const root = schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root);
}
