import { readFileSync } from "node:fs";
import {
  assertInterfaceType,
  assertObjectType,
  getNamedType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  parse,
  printType,
  validate,
  validateSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { printedSchema, SCHEMA_FILES, schemas } from "../../src/schema.js";

const AUDIENCES = ["readers", "editors"] as const;

/** Every `Type.field` whose type is not the same in both schemas, with each audience's type. */
function differences() {
  const out: Record<string, { readers: string; editors: string }> = {};
  for (const type of Object.values(schemas.readers.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const other = schemas.editors.getType(type.name);
    if (!other || (!isObjectType(other) && !isInterfaceType(other))) continue;
    for (const field of Object.values(type.getFields())) {
      const theirs = other.getFields()[field.name];
      if (String(field.type) !== String(theirs?.type))
        out[`${type.name}.${field.name}`] = {
          readers: String(field.type),
          editors: String(theirs?.type),
        };
    }
  }
  return out;
}

describe("GraphQL schemas", () => {
  it.each(AUDIENCES)("the %s' schema is valid", (audience) => {
    expect(validateSchema(schemas[audience])).toEqual([]);
  });

  it.each(AUDIENCES)(
    "the %s' schema matches its committed SDL (run `npm run schema:print` after changing types)",
    (audience) => {
      const file = new URL(`../../${SCHEMA_FILES[audience]}`, import.meta.url);
      expect(readFileSync(file, "utf8")).toBe(printedSchema(audience));
    },
  );

  it("the two differ only in publishedAt: non-null on Content and every entry type for readers, nullable for editors", () => {
    const entryTypes = ["Content", "Issue", "Announcement", "Event", "Poll"];
    expect(differences()).toEqual(
      Object.fromEntries(
        entryTypes.map((t) => [`${t}.publishedAt`, { readers: "DateTime!", editors: "DateTime" }]),
      ),
    );
    // Same types, names, arguments and descriptions otherwise: no public name is missing from either.
    const names = (audience: (typeof AUDIENCES)[number]) =>
      Object.keys(schemas[audience].getTypeMap()).sort();
    expect(names("editors")).toEqual(names("readers"));
    const implementers = schemas.readers.getPossibleTypes(
      assertInterfaceType(schemas.readers.getType("Content")),
    );
    expect(implementers.map((t) => t.name).sort()).toEqual(entryTypes.slice(1).sort());
  });

  it("a document is valid for both, except one merging publishedAt with a field of other nullability (docs/api.md)", () => {
    const problems = (query: string) =>
      Object.fromEntries(
        AUDIENCES.map((a) => [a, validate(schemas[a], parse(query)).map((e) => e.message)]),
      );
    const both = "{ timeline { edges { node { publishedAt ... on Event { startsAt } } } } }";
    expect(problems(both)).toEqual({ readers: [], editors: [] });
    const merged =
      "{ timeline { edges { node { ... on Issue { when: publishedAt } ... on Event { when: startsAt } } } } }";
    expect(problems(merged)).toEqual({
      readers: [],
      editors: [
        'Fields "when" conflict because they return conflicting types "DateTime" and "DateTime!". Use different aliases on the fields to fetch both if this was intentional.',
      ],
    });
  });

  it("both keep the Pothos build's resolvers and extensions (complexity, auth scopes)", () => {
    const field = (audience: (typeof AUDIENCES)[number], type: string, name: string) => {
      const t = schemas[audience].getType(type);
      if (!isObjectType(t)) throw new Error(`${type} is not an object type`);
      const f = t.getFields()[name];
      if (!f) throw new Error(`no ${type}.${name}`);
      return f;
    };
    for (const [type, name] of [
      ["Query", "timeline"],
      ["Query", "webhooks"],
      ["Issue", "publishedAt"],
    ] as const) {
      const r = field("readers", type, name);
      const e = field("editors", type, name);
      expect(r.resolve).toBe(e.resolve);
      expect(r.extensions).toEqual(e.extensions);
    }
    expect(isNonNullType(field("readers", "Issue", "publishedAt").type)).toBe(true);
    expect(getNamedType(field("editors", "Issue", "publishedAt").type).name).toBe("DateTime");
    expect(printType(assertObjectType(schemas.readers.getType("Tag")))).toBe(
      printType(assertObjectType(schemas.editors.getType("Tag"))),
    );
  });
});
