/**
 * The running server's control socket: operator commands that need the embedded database it
 * holds (a second process may not open it). Local only: a Unix socket readable by this user
 * alone (0600). One route, POST /tokens, taking the CLI's token commands as JSON.
 */
import { chmodSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { runTokenCommand, TokenCommand } from "../auth/commands.js";
import type { Db } from "../db/client.js";
import type { Logger } from "../logger.js";

const MAX_BODY = 64 * 1024;

export interface ControlOptions {
  path: string;
  db: Db;
  logger: Logger;
  clock: () => Date;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("command too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function handle(o: ControlOptions, req: IncomingMessage, res: ServerResponse) {
  if (req.method !== "POST" || req.url !== "/tokens")
    return reply(res, 404, { error: "no such command" });
  let command: TokenCommand;
  try {
    const parsed = TokenCommand.safeParse(JSON.parse(await bodyOf(req)));
    if (!parsed.success)
      return reply(res, 400, { error: parsed.error.issues[0]?.message ?? "bad command" });
    command = parsed.data;
  } catch (error) {
    return reply(res, 400, { error: `not a command: ${(error as Error).message}` });
  }
  try {
    const result = await runTokenCommand(o.db, command, o.clock());
    // An audit line for each change; never the token itself.
    if (result.op === "create")
      o.logger.info(
        { name: result.name, scope: result.scope, prefix: result.prefix },
        "control: token created",
      );
    if (result.op === "revoke")
      o.logger.info({ ...command, revoked: result.revoked }, "control: tokens revoked");
    reply(res, 200, result);
  } catch (error) {
    reply(res, 500, { error: (error as Error).message });
  }
}

/** Listen on `path` (a leftover socket file of a dead owner is replaced). */
export async function startControl(
  o: ControlOptions,
): Promise<{ path: string; close(): Promise<void> }> {
  rmSync(o.path, { force: true });
  const server = createServer((req, res) => void handle(o, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.path, () => resolve());
  });
  chmodSync(o.path, 0o600);
  server.unref(); // never what keeps the process alive
  return {
    path: o.path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
