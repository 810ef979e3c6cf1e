import postgres from "postgres";
import { RUN_PREFIX_ENV, serverUrl } from "./backends.js";

/**
 * Announce which backends run, and after the run drop any database this run created
 * that a crashed test file failed to drop (names carry the run's prefix).
 */
export default async function setup() {
  const prefix = `t${process.pid}_${Date.now().toString(36)}`;
  process.env[RUN_PREFIX_ENV] = prefix;
  const url = serverUrl();
  if (!url) {
    console.log(
      "[db] TEST_DATABASE_URL is not set: database tests run on embedded PGlite only (the real-server pass is skipped).",
    );
  } else {
    console.log(
      `[db] database tests run on embedded PGlite and on ${new URL(url).host} (TEST_DATABASE_URL).`,
    );
  }
  if (!process.env.REDIS_URL) console.log("[redis] REDIS_URL is not set: Redis tests are skipped.");
  return async () => {
    if (!url) return;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const rows = await admin<
        { datname: string }[]
      >`select datname from pg_database where datname like ${`${prefix}%`}`;
      for (const { datname } of rows)
        await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    } finally {
      await admin.end();
    }
  };
}
