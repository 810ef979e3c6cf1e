// npm run token:create -- --name NAME --scope editor|admin
// npm run token:list
// npm run token:revoke -- --prefix PREFIX | --name NAME
import { parseArgs } from "node:util";
import { insertToken, listTokens, revokeTokens } from "../auth/store.js";
import { generateToken } from "../auth/tokens.js";
import { runCli } from "./open.js";

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: { name: { type: "string" }, scope: { type: "string" }, prefix: { type: "string" } },
  strict: true,
});

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: token create --name NAME --scope editor|admin | token list | token revoke --prefix P | --name N\n`,
  );
  process.exit(2);
}

if (command === "create") {
  const name = values.name?.trim();
  if (!name) usage("--name is required");
  if (values.scope !== "editor" && values.scope !== "admin")
    usage("--scope must be editor or admin");
  const scope = values.scope;
  await runCli(async (database) => {
    const { token, prefix, secretHash } = generateToken();
    await insertToken(database.db, { name, prefix, secretHash, scope });
    process.stderr.write(
      `created ${scope} token "${name}" (prefix ${prefix}). It is shown once; store it now:\n`,
    );
    process.stdout.write(`${token}\n`);
  });
} else if (command === "list") {
  await runCli(async (database) => {
    const rows = await listTokens(database.db);
    if (rows.length === 0) process.stdout.write("no tokens\n");
    for (const t of rows) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
      const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : "never used";
      process.stdout.write(
        `${t.prefix}  ${t.scope.padEnd(6)}  ${state.padEnd(32)}  ${used.padEnd(34)}  ${t.name}\n`,
      );
    }
  });
} else if (command === "revoke") {
  if (!values.prefix && !values.name) usage("--prefix or --name is required");
  await runCli(async (database) => {
    const n = await revokeTokens(
      database.db,
      { prefix: values.prefix, name: values.name },
      new Date(),
    );
    if (n === 0) {
      process.stderr.write("no active token matched\n");
      process.exitCode = 1;
    } else process.stderr.write(`revoked ${n} token${n === 1 ? "" : "s"}\n`);
  });
} else {
  usage(`unknown command ${JSON.stringify(command ?? "")}`);
}
