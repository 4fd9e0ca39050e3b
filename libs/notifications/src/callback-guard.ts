import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Guard against SSRF through webhook callbacks: a callbackUrl must be https and reach only public
 * addresses, unless the configuration allows otherwise (development, tests with a local receiver).
 */
export interface WebhookPolicy {
  /** Allow `http:` callbacks (WEBHOOK_ALLOW_HTTP=true). */
  allowHttp: boolean;
  /** Allow loopback, private, link-local and other non-public addresses (WEBHOOK_ALLOW_PRIVATE=true). */
  allowPrivate: boolean;
}

export const STRICT_WEBHOOK_POLICY: WebhookPolicy = { allowHttp: false, allowPrivate: false };

export const webhookPolicyFromEnv = (env: Record<string, string | undefined>): WebhookPolicy => ({
  allowHttp: env.WEBHOOK_ALLOW_HTTP === 'true',
  allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === 'true',
});

/** Resolves a host name to its IP addresses; injectable so tests need no DNS. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const resolveWithDns: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export type AddressClass = 'openbaar' | 'loopback' | 'privé' | 'link-local' | 'unique-local' | 'ongespecificeerd' | 'multicast' | 'gereserveerd';

const OMSCHRIJVING: Record<Exclude<AddressClass, 'openbaar'>, string> = {
  loopback: 'een loopback-adres (de server zelf)',
  privé: 'een adres in een privénetwerk',
  'link-local': 'een link-local-adres',
  'unique-local': 'een unique-local-adres (privé IPv6)',
  ongespecificeerd: 'het ongespecificeerde adres',
  multicast: 'een multicastadres',
  gereserveerd: 'een gereserveerd adres',
};

const ipv4Class = (ip: string): AddressClass => {
  const [a, b] = ip.split('.').map(Number);
  if (a === 0) return 'ongespecificeerd';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'privé';
  if (a === 169 && b === 254) return 'link-local';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'gereserveerd';
  return 'openbaar';
};

/** The eight 16-bit groups of an IPv6 address (zone id dropped), via the URL parser's canonical form. */
const ipv6Groups = (ip: string): number[] => {
  const canonical = new URL(`http://[${ip.split('%')[0]}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.includes('::') ? canonical.split('::') : [canonical, undefined];
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
};

const embeddedIpv4 = (g: number[]) => [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.');

/** What kind of address an IPv4 or IPv6 literal is; anything else throws. */
export const classifyAddress = (ip: string): AddressClass => {
  const version = isIP(ip.split('%')[0]);
  if (version === 4) return ipv4Class(ip);
  if (version !== 6) throw new Error(`geen IP-adres: ${ip}`);
  const g = ipv6Groups(ip);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'ongespecificeerd';
  if (zeroUpTo(7) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96) and NAT64 (64:ff9b::/96) carry an IPv4 address.
  if ((zeroUpTo(5) && g[5] === 0xffff) || zeroUpTo(6) || (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))) {
    return ipv4Class(embeddedIpv4(g));
  }
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  return 'openbaar';
};

export type CallbackCheck =
  | { ok: true; addresses: string[] }
  /** `reason` is a Dutch sentence for the user; `retry` only when the name could not be resolved (yet). */
  | { ok: false; reason: string; retry: boolean };

export interface CallbackGuardOptions {
  policy?: WebhookPolicy;
  resolve?: ResolveHost;
  /** When the host cannot be resolved: accept (at creation, delivery checks again) or refuse. */
  onUnresolved?: 'accept' | 'refuse';
}

/** Checks a callbackUrl against the policy: scheme first, then every address its host resolves to. */
export async function checkCallbackUrl(callbackUrl: string, options: CallbackGuardOptions = {}): Promise<CallbackCheck> {
  const policy = options.policy ?? STRICT_WEBHOOK_POLICY;
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return { ok: false, reason: 'callbackUrl is geen geldig adres', retry: false };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return { ok: false, reason: policy.allowHttp ? 'callbackUrl moet een http(s)-adres zijn' : 'callbackUrl moet met https:// beginnen', retry: false };
  }
  if (policy.allowPrivate) return { ok: true, addresses: [] };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const bare = host.replace(/\.$/, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return refused(host, host, 'loopback');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await (options.resolve ?? resolveWithDns)(host);
    } catch {
      addresses = [];
    }
    if (!addresses.length) {
      return options.onUnresolved === 'accept'
        ? { ok: true, addresses: [] }
        : { ok: false, reason: `De naam ${host} van callbackUrl is niet te vinden`, retry: true };
    }
  }
  for (const address of addresses) {
    const soort = classifyAddress(address);
    if (soort !== 'openbaar') return refused(host, address, soort);
  }
  return { ok: true, addresses };
}

const refused = (host: string, address: string, soort: Exclude<AddressClass, 'openbaar'>): CallbackCheck => ({
  ok: false,
  retry: false,
  reason: `callbackUrl wijst naar ${host === address ? address : `${host} (${address})`}, ${OMSCHRIJVING[soort]}; alleen openbare adressen zijn toegestaan`,
});
