/**
 * Where deliveries may go. A webhook URL is a request the server makes on an admin's behalf:
 * pointed at 169.254.169.254 or 10.0.0.1:5432, the delivery log would report what answers
 * inside the operator's network. Private, loopback, link-local and other special-purpose
 * addresses are refused unless the operator allow-lists them (WEBHOOK_ALLOW_PRIVATE), both
 * when a URL is registered (address literals, localhost) and on every connection, after DNS,
 * so a name that resolves elsewhere later (DNS rebinding) is caught where it matters.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";

/** Special-purpose ranges (RFC 6890 and successors) a partner's receiver never lives in. */
const SPECIAL: [string, number, "ipv4" | "ipv6", string][] = [
  ["0.0.0.0", 8, "ipv4", "unspecified"],
  ["10.0.0.0", 8, "ipv4", "private"],
  ["100.64.0.0", 10, "ipv4", "shared (carrier-grade NAT)"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["169.254.0.0", 16, "ipv4", "link-local"],
  ["172.16.0.0", 12, "ipv4", "private"],
  ["192.0.0.0", 24, "ipv4", "special-purpose"],
  ["192.168.0.0", 16, "ipv4", "private"],
  ["198.18.0.0", 15, "ipv4", "benchmarking"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved"],
  ["::", 128, "ipv6", "unspecified"],
  ["::1", 128, "ipv6", "loopback"],
  ["64:ff9b::", 96, "ipv6", "NAT64"],
  ["fc00::", 7, "ipv6", "private"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["ff00::", 8, "ipv6", "multicast"],
];

const familyOf = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** Each range as a BlockList of its own, built once: checks name the range that matched. */
const SPECIAL_RANGES = SPECIAL.map(([network, bits, family, name]) => {
  const range = new BlockList();
  range.addSubnet(network, bits, family);
  return { range, name };
});

/** Which addresses deliveries may reach: public ones, and the operator's allow-list. */
export class DestinationPolicy {
  private readonly allowed = new BlockList();

  /** `allow`: CIDRs ("10.1.0.0/16", "127.0.0.1/32", "::1/128") or single addresses. */
  constructor(readonly allow: readonly string[] = []) {
    for (const entry of allow) {
      const [address = "", bits] = entry.split("/");
      if (!isIP(address)) throw new Error(`"${entry}" is not an IP address or CIDR range`);
      const family = familyOf(address);
      if (bits === undefined) this.allowed.addAddress(address, family);
      else this.allowed.addSubnet(address, Number(bits), family);
    }
  }

  /** Why `address` may not be reached ("a loopback address"), or null. */
  refusal(address: string): string | null {
    const family = familyOf(address);
    if (this.allowed.check(address, family)) return null;
    for (const { range, name } of SPECIAL_RANGES) {
      if (range.check(address, family)) return `${address} is a ${name} address`;
    }
    return null;
  }

  /** Why a URL's host cannot be a destination, judged without DNS: literals and localhost. */
  hostRefusal(hostname: string): string | null {
    const host = hostname
      .replace(/^\[|\]$/g, "")
      .replace(/\.$/, "")
      .toLowerCase();
    if (host === "localhost" || host.endsWith(".localhost"))
      return this.refusal("127.0.0.1") && `${hostname} is a loopback name`;
    return isIP(host) ? this.refusal(host) : null;
  }

  /** A fetch that connects only where this policy allows, checked after each DNS answer. */
  fetch(): typeof fetch {
    const lookup = guardedLookup(this);
    const dispatcher = new Agent({ connect: { lookup } });
    return ((input: string | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      const refused = this.hostRefusal(url.hostname);
      if (refused) return Promise.reject(new DestinationRefused(refused));
      return undiciFetch(url, { ...(init as object), dispatcher });
    }) as unknown as typeof fetch;
  }
}

/** A delivery not attempted: its destination is one the policy refuses. */
export class DestinationRefused extends Error {
  override name = "DestinationRefused";
  constructor(reason: string) {
    super(`not sent: ${reason} (WEBHOOK_ALLOW_PRIVATE allows it)`);
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** dns.lookup that fails when any address a name resolves to is refused. */
function guardedLookup(policy: DestinationPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const refused = policy.refusal(address);
        if (refused) return callback(new DestinationRefused(`${hostname}: ${refused}`), []);
      }
      const [first] = addresses;
      if (options.all) callback(null, addresses);
      else callback(null, first?.address ?? "", first?.family);
    });
  };
}
