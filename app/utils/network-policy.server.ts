import net from "node:net";

/**
 * Where the server may send webhooks: public unicast addresses only. Loopback is allowed
 * only when the caller says so (ALLOW_LOOPBACK_WEBHOOKS=1, for development and tests).
 */
const blocked = new net.BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique-local (includes fd00:ec2::254, a cloud metadata address)
  ["fe80::", 10], // link-local
  ["fec0::", 10], // old site-local
  ["ff00::", 8], // multicast
] as const)
  blocked.addSubnet(network, prefix, "ipv6");

const loopback = new net.BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

export function isIpLiteral(host: string): boolean {
  return net.isIP(host) !== 0;
}

/** An IPv6 address that carries an IPv4 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, compatible ::a.b.c.d). */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::|::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isLoopbackAddress(address: string): boolean {
  const v4 = net.isIPv6(address) ? embeddedIpv4(address) : null;
  if (v4) return loopback.check(v4, "ipv4");
  return loopback.check(address, net.isIPv6(address) ? "ipv6" : "ipv4");
}

/** True for an address a webhook may be sent to. */
export function isAddressAllowed(address: string, allowLoopback: boolean): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (isLoopbackAddress(address)) return allowLoopback;
  const v4 = family === 6 ? embeddedIpv4(address) : null;
  if (v4) return !blocked.check(v4, "ipv4");
  return !blocked.check(address, family === 6 ? "ipv6" : "ipv4");
}
