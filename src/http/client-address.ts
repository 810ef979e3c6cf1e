/** Who is asking, for per-client limits (votes, subscriptions, /admin sign-ins). */
import type { IncomingMessage } from "node:http";

/**
 * The client behind a request. Behind `trustProxy` proxies, each appends the address it saw
 * to X-Forwarded-For, so the client is the entry `trustProxy` places from the right: anything
 * further left the client wrote itself. Fewer entries than proxies (a request that bypassed
 * them, or a misconfigured chain): the socket's address.
 */
export function clientAddress(
  request: Request,
  req: IncomingMessage | undefined,
  trustProxy: number,
) {
  const socket = req?.socket.remoteAddress ?? "local";
  if (trustProxy === 0) return socket;
  const hops = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  return hops.length >= trustProxy ? (hops[hops.length - trustProxy] as string) : socket;
}
