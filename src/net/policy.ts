import net from 'node:net';

// Which addresses ClipForge may fetch from (spec §8): public unicast only, unless the operator allow-lists a range.

const REFUSED_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;

const REFUSED_V6 = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const;

const refused = new net.BlockList();
for (const [address, prefix] of REFUSED_V4) refused.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of REFUSED_V6) refused.addSubnet(address, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 address (::ffff:a.b.c.d, ::ffff:7f00:1). */
export function embeddedIPv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}(?:ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower.replace(/^::/, ''));
  if (lower.startsWith('::') && dotted) return dotted[1];
  const hex = /^::(?:ffff:)?([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1], 16);
    const low = parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return undefined;
}

export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return !refused.check(address, 'ipv4');
  if (family === 6) {
    const mapped = embeddedIPv4(address);
    if (mapped) return isPublicAddress(mapped);
    return !refused.check(address, 'ipv6');
  }
  return false;
}

export class Allowlist {
  private readonly list = new net.BlockList();
  readonly size: number;

  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const [address, prefixText] = cidr.split('/');
      const family = net.isIP(address);
      if (!family) throw new Error(`Invalid CIDR in the network allow-list: "${cidr}"`);
      const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
        throw new Error(`Invalid CIDR in the network allow-list: "${cidr}"`);
      }
      this.list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    }
    this.size = cidrs.length;
  }

  has(address: string): boolean {
    const family = net.isIP(address);
    if (family === 0) return false;
    const mapped = family === 6 ? embeddedIPv4(address) : undefined;
    if (mapped) return this.list.check(mapped, 'ipv4');
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** Why `address` may not be fetched, or undefined when it may. */
export function refusalReason(address: string, allowlist: Allowlist): string | undefined {
  if (allowlist.has(address) || isPublicAddress(address)) return undefined;
  return `resolves to a non-public address (${address}), which is refused`;
}
