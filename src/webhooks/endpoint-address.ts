// Where the hub will POST. A party names its webhook's URL, and the hub reports back how each POST
// went; left open, that would let a party make the hub reach what only the hub can reach (its own
// loopback, a cloud's metadata service, the operator's private network) and map it by the answers.
// So every address a webhook's host resolves to, at each connection (a name can be re-pointed after
// registration), must be a public one, unless the hub's operator allows it (endpoints on a private
// network the hub shares with the parties).
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const NOT_PUBLIC: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'], // private (RFC 1918)
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, where clouds serve instance metadata
  ['172.16.0.0', 12, 'ipv4'], // private
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.168.0.0', 16, 'ipv4'], // private
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['224.0.0.0', 3, 'ipv4'], // multicast and reserved
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const notPublic = new BlockList();
for (const [network, prefix, family] of NOT_PUBLIC) notPublic.addSubnet(network, prefix, family);

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is judged as the IPv4 address it is. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

export class EndpointAddressPolicy {
  private readonly allowed = new BlockList();

  /**
   * `allow`: addresses and CIDR ranges (`10.1.0.0/16`, `127.0.0.1`, `fd00::/8`) the hub may post to
   * although they are not public. Throws on anything else, naming it.
   */
  constructor(allow: readonly string[] = []) {
    for (const item of allow) {
      const [network = '', prefix] = item.split('/');
      const { address, family } = unmapped(network);
      if (isIP(address) === 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix)))
        throw new Error(`${item} is not an address or a CIDR range`);
      if (prefix === undefined) this.allowed.addAddress(address, family);
      else this.allowed.addSubnet(address, Number(prefix), family);
    }
  }

  /** Reads `DECONFLICT_WEBHOOK_ALLOW`: a comma-separated list of addresses and ranges. */
  static fromEnvironment(value: string | undefined): EndpointAddressPolicy {
    return new EndpointAddressPolicy(
      (value ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    );
  }

  /** Why the hub will not post to this address, or null when it may. */
  refusal(address: string): string | null {
    const { address: ip, family } = unmapped(address);
    if (!notPublic.check(ip, family) || this.allowed.check(ip, family)) return null;
    return `${address} is not a public address; the hub posts only to public addresses unless its operator allows others`;
  }

  /** A DNS lookup for the webhook connections that fails on any address the hub will not post to. */
  readonly lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map((a) => this.refusal(a.address)).find((reason) => reason !== null);
      if (refused) {
        const failure: NodeJS.ErrnoException = new Error(`${hostname}: ${refused}`);
        failure.code = ADDRESS_REFUSED;
        return callback(failure, []);
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      callback(null, first?.address ?? '', first?.family);
    });
  };
}

/** The error code of a connection the policy refused. */
export const ADDRESS_REFUSED = 'EADDRESSREFUSED';
