import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSynthetic, syntheticWeek } from "../../seeds/synthetic.js";
import { backends } from "../helpers/backends.js";
import { createTestDatabase, type TestDatabase } from "../helpers/db.js";
import { databaseDigest } from "../helpers/digest.js";

const hashOf = (count: number, seed: number) => {
  const h = createHash("sha256");
  for (let k = 0; k < count; k++) h.update(JSON.stringify(syntheticWeek(k, seed)));
  return h.digest("hex");
};

describe("synthetic archive generator", () => {
  it("yields the same 1,000 weeks for the same seed, and others for another seed", () => {
    const a = hashOf(1000, 7);
    expect(hashOf(1000, 7)).toBe(a);
    expect(hashOf(1000, 8)).not.toBe(a);
  });

  it("marks everything as synthetic and never touches April 2010", () => {
    for (let k = 0; k < 1000; k++) {
      const w = syntheticWeek(k, 1);
      for (const entry of [w.issue, w.announcement, w.event, w.poll]) {
        if (!entry) continue;
        expect(entry.title.startsWith("Synthetic")).toBe(true);
        expect(entry.tags).toContain("synthetic");
        const month = entry.publishedAt?.toISOString().slice(0, 7);
        expect(month).not.toBe("2010-04");
      }
    }
  });
});

describe.each(backends())("synthetic load on %s", (backend) => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(backend), createTestDatabase(backend)]);
  });
  afterAll(async () => {
    await Promise.all([a.drop(), b.drop()]);
  });

  it("loads identical data into two databases, and re-running inserts nothing", async () => {
    const progress: number[] = [];
    const ra = await seedSynthetic(a.database.db, {
      count: 120,
      seed: 3,
      batchSize: 50,
      onProgress: (d) => progress.push(d),
    });
    await seedSynthetic(b.database.db, { count: 120, seed: 3, batchSize: 50 });
    expect(ra.inserted).toBe(120);
    expect(progress).toEqual([50, 100, 120]);
    const digest = await databaseDigest(a.database.db);
    expect(await databaseDigest(b.database.db)).toEqual(digest);
    expect(digest.issues).toMatch(/^120:/);
    expect(digest.announcements).toMatch(/^120:/);
    expect(digest.events).toMatch(/^60:/);
    expect(digest.polls).toMatch(/^30:/);

    const again = await seedSynthetic(a.database.db, { count: 120, seed: 3, batchSize: 50 });
    expect(again.inserted).toBe(0);
    expect(await databaseDigest(a.database.db)).toEqual(digest);
  });
});
