import { BlockList, isIP } from 'node:net';
import type { Request } from 'restify';

/** The address a request comes from, as every per-client limit counts it. */
export type ClientAddress = (req: Request) => string;

const plain = (address: string) => address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

function trustedList(trusted: readonly string[]): BlockList {
  const list = new BlockList();
  for (const item of trusted) {
    if (item === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addSubnet('::1', 128, 'ipv6');
      continue;
    }
    const [address, prefix] = item.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    list.addSubnet(plain(address), prefix === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefix), type);
  }
  return list;
}

/**
 * The client address: the peer's, unless the peer is a configured trusted proxy, in which case
 * X-Forwarded-For is read from the right, hop by hop, while the hop is itself trusted. A header
 * sent by anyone else is ignored, so a client cannot choose the address it is counted under.
 */
export function createClientAddress(trusted: readonly string[]): ClientAddress {
  const list = trustedList(trusted);
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (req) => {
    let address = plain(req.socket?.remoteAddress ?? '');
    if (!trusted.length || !isTrusted(address)) return address || 'unknown';
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(plain).filter(Boolean);
    while (hops.length && isTrusted(address)) {
      const next = hops.pop()!;
      if (!isIP(next)) break;
      address = next;
    }
    return address;
  };
}

/** A request made on this machine and relayed by no proxy (the Emulator, a benchmark, a local test). */
export function isLocalRequest(remoteAddress: string | undefined, headers: Record<string, unknown>): boolean {
  if (headers['x-forwarded-for'] || headers.forwarded) return false;
  const address = plain(remoteAddress ?? '');
  return address === '::1' || /^127(?:\.\d{1,3}){3}$/.test(address);
}
