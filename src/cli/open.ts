import { basename } from "node:path";
import { type Config, configOrExit } from "../config.js";
import { type Database, openDatabase } from "../db/client.js";
import { DatabaseHeldError } from "../db/owner.js";

/** How a second opener of the embedded database hears of this command: "npm run db:seed". */
function commandName(): string {
  const script = process.env.npm_lifecycle_event;
  return script ? `npm run ${script}` : basename(process.argv[1] ?? "a command");
}

/** Shared start of every CLI command: validated config and a migrated database. */
export async function openForCli(): Promise<{ config: Config; database: Database }> {
  const config = configOrExit();
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    owner: commandName(),
  });
  process.stderr.write(`database: ${database.describe}\n`);
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    throw error;
  }
  return { config, database };
}

/** One line, no stack: the embedded database is held by another process (exit 1). */
export function exitHeld(error: DatabaseHeldError): never {
  process.stderr.write(`error: ${error.message}\n`);
  process.exit(1);
}

/** Run a command body, print a one-line error (no stack) on failure, always close the database. */
export async function runCli(
  body: (database: Database, config: Config) => Promise<void>,
): Promise<void> {
  const opened = await openForCli().catch((error: Error) => {
    if (error instanceof DatabaseHeldError) exitHeld(error);
    throw error;
  });
  const { config, database } = opened;
  try {
    await body(database, config);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}
