/** The schema's types for expected failures (src/errors.ts): typed results of mutations. */
import { ConflictError, type FieldIssue, InputError, NotFoundError } from "../errors.js";
import { builder } from "./builder.js";

/** Every expected failure of a mutation implements this. */
export const ErrorInterface = builder.interfaceRef<Error>("Error").implement({
  fields: (t) => ({ message: t.exposeString("message") }),
});

const FieldErrorRef = builder.objectRef<FieldIssue>("FieldError").implement({
  description: "One invalid input field.",
  fields: (t) => ({
    path: t.exposeStringList("path", {
      description: 'From the input root, e.g. ["sections", "0", "title"].',
    }),
    message: t.exposeString("message"),
    code: t.exposeString("code", {
      description: "Stable: TOO_SMALL, TOO_BIG, INVALID_FORMAT, END_BEFORE_START, DUPLICATE, …",
    }),
  }),
});

builder.objectType(InputError, {
  name: "ValidationError",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InputError,
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.issues }),
  }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  description: "The update was based on an older version; nothing was changed.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: (t) => ({
    currentUpdatedAt: t.field({ type: "DateTime", resolve: (e) => e.currentUpdatedAt }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ id: t.exposeID("id") }),
});
