// npm run db:migrate — apply pending migrations from schema/migrations (also done at start).
import { runCli } from "./open.js";

await runCli(async (database) => {
  await database.checkReady();
  process.stderr.write("migrations: up to date\n");
});
