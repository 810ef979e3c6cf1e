import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedReference } from "../../seeds/load.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { databaseDigest } from "../helpers/digest.js";

describe.each(backends())("reference seed on %s", (backend) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
  });
  afterAll(() => tdb.drop());

  it("loads the five April 2010 entries, then a second run changes nothing", async () => {
    const first = await seedReference(tdb.database.db);
    expect(first.inserted).toEqual({ issue: 1, announcement: 2, event: 1, poll: 1 });
    const before = await databaseDigest(tdb.database.db);
    expect(before.content).toMatch(/^5:/);
    expect(before.people).toMatch(/^6:/);
    expect(before.highlights).toMatch(/^17:/);
    expect(before.highlight_links).toMatch(/^6:/);
    expect(before.poll_options).toMatch(/^3:/);

    const second = await seedReference(tdb.database.db);
    expect(second.inserted).toEqual({ issue: 0, announcement: 0, event: 0, poll: 0 });
    expect(await databaseDigest(tdb.database.db)).toEqual(before);
  });
});
