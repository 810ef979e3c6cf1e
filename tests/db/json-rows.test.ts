import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { sectionItems } from "../../src/content/issue/table.js";
import { weeklyStats } from "../../src/content/stats/table.js";
import { renderedOnce, rowFromJson } from "../../src/db/json-rows.js";

const dialect = new PgDialect();

describe("rows as JSON", () => {
  it("keeps a part without parameters as its text, and refuses one with parameters", () => {
    let built = 0;
    const build = () => {
      built += 1;
      return sql`select ${sectionItems.title} from ${sectionItems}`;
    };
    const first = renderedOnce("test.items", build);
    const again = renderedOnce("test.items", build);
    expect(built).toBe(1);
    expect(again).toBe(first);
    expect(dialect.sqlToQuery(sql`(${first})`)).toMatchObject({
      sql: '(select "section_items"."title" from "section_items")',
      params: [],
    });
    // A value in the text would be the first request's forever.
    expect(() => renderedOnce("test.param", () => sql`select ${42}`)).toThrow(
      "SQL kept as text has parameters: test.param",
    );
  });

  it("decodes what JSON cannot carry (timestamps) and passes the rest through", () => {
    const row = rowFromJson(weeklyStats, {
      id: 7,
      weekStart: "2010-04-05",
      weekEnd: "2010-04-11",
      visitors: 1234,
      pageViews: null,
      status: "published",
      publishedAt: "2010-04-12T09:30:00+00:00",
      updatedAt: "2010-04-12T09:30:00.5+00:00",
      revision: false,
      unrelated: "dropped",
    });
    expect(row).toEqual({
      id: 7,
      weekStart: "2010-04-05",
      weekEnd: "2010-04-11",
      visitors: 1234,
      pageViews: null,
      status: "published",
      publishedAt: new Date("2010-04-12T09:30:00Z"),
      updatedAt: new Date("2010-04-12T09:30:00.500Z"),
      revision: false,
    });
  });
});
