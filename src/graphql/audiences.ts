/**
 * One content model, two audiences, as Contentful's Delivery and Preview APIs or Ghost's
 * Content and Admin APIs serve it. Readers (no credentials) only ever see published entries;
 * editors (an API token, an /admin session) and preview-token holders also see drafts, which
 * lack what only publishing gives (a publication date). Both are answered at /graphql by the
 * same types, names and resolvers: the Pothos build is the editors' schema, and the readers'
 * is derived from it with the fields marked `readersNonNull` made non-null, so a reader's
 * typed client is told what readers can rely on.
 */
import { MapperKind, mapSchema } from "@graphql-tools/utils";
import { GraphQLNonNull, type GraphQLSchema, isNonNullType } from "graphql";
import { presentsCredentials, type Viewer } from "../auth/viewer.js";

/** Whose schema answers: readers' (`schema/schema.graphql`) or editors' (`schema/schema.editor.graphql`). */
export type Audience = "readers" | "editors";

/** The extension key that marks a field non-null for readers. */
const READERS_NON_NULL = "readersNonNull";

interface ReadersNonNull {
  /** The field's description in the readers' schema. */
  description: string;
}

/**
 * Field `extensions` for a field that is null only on entries readers never see (drafts):
 * nullable in the editors' schema, non-null in the readers', described there by `description`.
 */
export function readersNonNull(description: string): Record<string, ReadersNonNull> {
  return { [READERS_NON_NULL]: { description } };
}

/**
 * The readers' schema: `editors` with every field marked `readersNonNull` made non-null (on
 * interfaces and the types implementing them alike) and described for readers. Everything else,
 * resolvers and extensions (complexity, auth scopes) included, is the editors' schema's.
 */
export function readersSchemaOf(editors: GraphQLSchema): GraphQLSchema {
  return mapSchema(editors, {
    [MapperKind.COMPOSITE_FIELD]: (field, fieldName, typeName) => {
      const mark = field.extensions?.[READERS_NON_NULL] as ReadersNonNull | undefined;
      if (!mark) return field;
      if (isNonNullType(field.type))
        throw new Error(
          `${typeName}.${fieldName} is marked readersNonNull but is non-null already`,
        );
      return { ...field, type: new GraphQLNonNull(field.type), description: mark.description };
    },
  });
}

/** Who an operation is answered for: anyone who may see drafts gets the editors' schema. */
export function audienceOf(viewer: Viewer): Audience {
  return viewer.kind === "anonymous" ? "readers" : "editors";
}

/**
 * The audience of a request, from its headers alone: Yoga picks the schema before the context
 * (and so the viewer) exists. A credential header makes a viewer who may see drafts, or a
 * refusal; without one the viewer is anonymous. The context checks that the two agree.
 */
export function audienceOfRequest(request: Request): Audience {
  return presentsCredentials(request) ? "editors" : "readers";
}
