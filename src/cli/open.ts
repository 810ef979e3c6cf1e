import { type Config, configOrExit } from "../config.js";
import { type Database, openDatabase } from "../db/client.js";

/** Shared start of every CLI command: validated config and a migrated database. */
export async function openForCli(): Promise<{ config: Config; database: Database }> {
  const config = configOrExit();
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  process.stderr.write(`database: ${database.describe}\n`);
  await database.migrate();
  return { config, database };
}

/** Run a command body, print a one-line error (no stack) on failure, always close the database. */
export async function runCli(
  body: (database: Database, config: Config) => Promise<void>,
): Promise<void> {
  const { config, database } = await openForCli();
  try {
    await body(database, config);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
