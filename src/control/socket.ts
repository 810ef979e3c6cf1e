/** Where the owner of an embedded database takes operator commands: a Unix socket beside it. */
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Unix socket paths are limited to about 104 bytes; a deep data folder gets one in /tmp. */
const MAX_SOCKET_PATH = 100;

export function controlSocketPath(dir: string): string {
  const beside = `${dir}.sock`;
  if (Buffer.byteLength(beside) <= MAX_SOCKET_PATH) return beside;
  return join(tmpdir(), `nca-${createHash("sha256").update(dir).digest("hex").slice(0, 16)}.sock`);
}
