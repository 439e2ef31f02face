/**
 * Which reverse proxy the app believes about the client (X-Forwarded-For, X-Forwarded-Proto):
 * the client address drives the login limit and the protocol drives Secure cookies and HSTS, so a
 * header from anyone else must count for nothing.
 */
import { BlockList, isIPv4 } from 'node:net';

const PRIVATE = new BlockList();
for (const [net, bits] of [['127.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16]] as const) PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(net, bits, 'ipv6');

/** True for loopback, link-local and private-range addresses (IPv4-mapped IPv6 included). */
export function privateAddress(addr: string): boolean {
  const v4 = addr.startsWith('::ffff:') && isIPv4(addr.slice(7)) ? addr.slice(7) : addr;
  try {
    return PRIVATE.check(v4, isIPv4(v4) ? 'ipv4' : 'ipv6');
  } catch {
    return false;
  }
}

/**
 * fastify's trustProxy for a WEB_TRUST_PROXY value. `true` trusts only the nearest hop, and only
 * when it is on a private network: a client reaching the app directly from outside cannot make up
 * an address, and one behind the proxy cannot either (the proxy's own entry, the last, is the one
 * read). A list is fastify's (proxy-addr's) list of trusted addresses and ranges.
 */
export function proxyTrust(value: boolean | string | undefined): false | string | ((addr: string, hop: number) => boolean) {
  if (!value) return false;
  if (value === true) return (addr, hop) => hop === 0 && privateAddress(addr);
  return value;
}
