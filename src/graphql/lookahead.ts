/**
 * What a request selects below a field, read before the field resolves: a root list reads its
 * page and the nested parts the client asked for in one statement, instead of a statement per
 * level. Fragments and inline fragments are merged whatever their type condition, and fields
 * under @skip/@include are dropped only when the directive says so: reading a little more than
 * needed is harmless, reading less would only cost the loaders a statement.
 */
import {
  type FieldNode,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from "graphql";

type Info = Pick<GraphQLResolveInfo, "fieldNodes" | "fragments" | "variableValues" | "schema">;

export class Selected {
  private constructor(
    private readonly info: Info,
    private readonly nodes: readonly FieldNode[],
  ) {}

  /** The selection under the field being resolved. */
  static of(info: Info): Selected {
    return new Selected(info, info.fieldNodes);
  }

  /** The merged selection of the fields named `name` (under any alias); null when none is. */
  field(name: string): Selected | null {
    const found: FieldNode[] = [];
    for (const node of this.nodes)
      if (node.selectionSet) collect(this.info, node.selectionSet, name, found);
    return found.length > 0 ? new Selected(this.info, found) : null;
  }

  /** `field` down a path of names: `path("edges", "node")`. */
  path(...names: string[]): Selected | null {
    let at: Selected | null = this;
    for (const name of names) at = at?.field(name) ?? null;
    return at;
  }

  has(name: string): boolean {
    return this.field(name) !== null;
  }

  /** Each occurrence's arguments, with variables applied, this being a field of `typeName`. */
  argsOn(typeName: string): Record<string, unknown>[] {
    const type = this.info.schema.getType(typeName);
    const name = this.nodes[0]?.name.value;
    const def = isObjectType(type) && name ? type.getFields()[name] : undefined;
    if (!def) return [];
    return this.nodes.map((node) => getArgumentValues(def, node, this.info.variableValues));
  }
}

function included(info: Info, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  const vars = info.variableValues;
  if (getDirectiveValues(GraphQLSkipDirective, node, vars)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, vars)?.if !== false;
}

function collect(info: Info, set: SelectionSetNode, name: string, out: FieldNode[]): void {
  for (const sel of set.selections) {
    if (!included(info, sel)) continue;
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value === name) out.push(sel);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      collect(info, sel.selectionSet, name, out);
    } else {
      const fragment = info.fragments[sel.name.value];
      if (fragment) collect(info, fragment.selectionSet, name, out);
    }
  }
}
