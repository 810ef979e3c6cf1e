/** The CLI's side of the control socket: send a token command to the server that holds the database. */
import { request } from "node:http";
import type { TokenCommand, TokenResult } from "../auth/commands.js";

export function sendTokenCommand(socketPath: string, command: TokenCommand): Promise<TokenResult> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(command);
    const req = request(
      {
        socketPath,
        path: "/tokens",
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            const parsed = JSON.parse(text) as TokenResult | { error: string };
            if (res.statusCode === 200) resolve(parsed as TokenResult);
            else reject(new Error("error" in parsed ? parsed.error : `HTTP ${res.statusCode}`));
          } catch {
            reject(
              new Error(
                `the server's control socket answered HTTP ${res.statusCode}: ${text.slice(0, 200)}`,
              ),
            );
          }
        });
      },
    );
    req.on("timeout", () =>
      req.destroy(new Error("the server's control socket did not answer in 30 s")),
    );
    req.on("error", reject);
    req.end(body);
  });
}
