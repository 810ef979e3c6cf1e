// npm run token:create -- --name NAME --scope editor|admin
// npm run token:list
// npm run token:revoke -- --prefix PREFIX | --name NAME
// On an embedded database held by the running server, the command goes through its control socket.
import { parseArgs } from "node:util";
import { runTokenCommand, TokenCommand, type TokenResult } from "../auth/commands.js";
import { sendTokenCommand } from "../control/client.js";
import { DatabaseHeldError } from "../db/owner.js";
import { exitHeld, openForCli } from "./open.js";

const USAGE =
  "usage: token create --name NAME --scope editor|admin | token list | token revoke --prefix P | --name N";

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function commandOf(argv: string[]): TokenCommand {
  const [op, ...rest] = argv;
  let values: { name?: string; scope?: string; prefix?: string };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { name: { type: "string" }, scope: { type: "string" }, prefix: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  if (op === "create" && !values.name?.trim()) usage("--name is required");
  if (op === "create" && values.scope !== "editor" && values.scope !== "admin")
    usage("--scope must be editor or admin");
  if (op === "revoke" && !values.prefix && !values.name) usage("--prefix or --name is required");
  const parsed = TokenCommand.safeParse({ op, ...values });
  if (!parsed.success) usage(`unknown command ${JSON.stringify(op ?? "")}`);
  return parsed.data;
}

function print(result: TokenResult): void {
  if (result.op === "create") {
    process.stderr.write(
      `created ${result.scope} token "${result.name}" (prefix ${result.prefix}). It is shown once; store it now:\n`,
    );
    process.stdout.write(`${result.token}\n`);
  } else if (result.op === "list") {
    if (result.tokens.length === 0) process.stdout.write("no tokens\n");
    for (const t of result.tokens) {
      const state = t.revokedAt ? `revoked ${t.revokedAt}` : "active";
      const used = t.lastUsedAt ? `last used ${t.lastUsedAt}` : "never used";
      process.stdout.write(
        `${t.prefix}  ${t.scope.padEnd(6)}  ${state.padEnd(32)}  ${used.padEnd(34)}  ${t.name}\n`,
      );
    }
  } else if (result.revoked === 0) {
    process.stderr.write("no active token matched\n");
    process.exitCode = 1;
  } else
    process.stderr.write(`revoked ${result.revoked} token${result.revoked === 1 ? "" : "s"}\n`);
}

/** Through the server that holds the embedded database, when it has a control socket. */
async function throughServer(held: DatabaseHeldError, command: TokenCommand): Promise<TokenResult> {
  const socket = held.owner.control;
  if (!socket) exitHeld(held);
  process.stderr.write(`database: held by ${held.owner.role} (pid ${held.owner.pid}); asking it\n`);
  return sendTokenCommand(socket, command);
}

async function run(command: TokenCommand): Promise<TokenResult> {
  const opened = await openForCli().catch((error: Error) => {
    if (error instanceof DatabaseHeldError) return error;
    throw error;
  });
  if (opened instanceof DatabaseHeldError) return throughServer(opened, command);
  try {
    return await runTokenCommand(opened.database.db, command, new Date());
  } finally {
    await opened.database.close();
  }
}

const command = commandOf(process.argv.slice(2));
try {
  print(await run(command));
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
