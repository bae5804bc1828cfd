import { BlockList, isIP } from 'node:net';
import { ConfigError, NetworkError } from '../errors/client-errors.js';

/** Whether a request to `host` (lower case, IPv6 without brackets, no trailing dot) on `port` bypasses the proxy. */
export type NoProxy = (host: string, port: number) => boolean;

/** Where requests go through a proxy: one for https targets, one for http targets, and the hosts that go direct. */
export interface ProxySettings {
  /** The proxy for `https:` requests (CONNECT tunnels), if any. */
  readonly https: URL | undefined;
  /** The proxy for `http:` requests, if any. */
  readonly http: URL | undefined;
  /** The hosts NO_PROXY names. */
  readonly noProxy: NoProxy;
}

/** No proxy at all. */
export const DIRECT: ProxySettings = { https: undefined, http: undefined, noProxy: () => true };

/**
 * The proxy for a request to `target`, or `undefined` to connect directly: the https proxy for `https:`
 * targets and the http proxy for `http:` ones (neither stands in for the other, as in curl and the AWS CLI),
 * unless NO_PROXY names the target (its host compared without a trailing dot).
 *
 * @example proxyFor(new URL('https://dynamodb.eu-west-1.amazonaws.com/'), settings)?.host // 'proxy.corp:3128'
 */
export function proxyFor(target: URL, settings: ProxySettings): URL | undefined {
  const proxy = target.protocol === 'https:' ? settings.https : settings.http;
  if (proxy === undefined) return undefined;
  const host = target.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  return settings.noProxy(host, port) ? undefined : proxy;
}

/**
 * Reads a NO_PROXY list, entries separated by commas or spaces, matched without regard to case: `*` (every
 * host); a host name, which also covers its subdomains (`example.com` and `.example.com` both match
 * `example.com` and `db.example.com`; `*.example.com` too; a trailing dot, on the entry or on the target's
 * host, is ignored, as curl ignores it: `localhost.` is `localhost`); an IP address (`10.0.0.7`, `::1`, `[::1]`); a
 * CIDR range (`10.0.0.0/8`, `fd00::/8`); any of these but a range with `:port`, which matches that port only.
 *
 * @throws ConfigError naming `source` for a range whose prefix is longer than its address.
 *
 * @example parseNoProxy('localhost,.internal:8443,10.0.0.0/8')('db.internal', 8443) // true
 */
export function parseNoProxy(list: string | undefined, source = 'NO_PROXY'): NoProxy {
  const entries = (list ?? '').toLowerCase().split(/[\s,]+/).filter(Boolean);
  if (entries.includes('*')) return () => true;
  const ranges = new BlockList();
  const names: { name: string; port: number | undefined }[] = [];
  for (const entry of entries) {
    const [, address = '', prefix] = /^([^/]+)\/(\d+)$/.exec(entry) ?? [];
    const rangeFamily = isIP(address);
    if (prefix !== undefined && rangeFamily !== 0) {
      const bits = rangeFamily === 6 ? 128 : 32;
      if (Number(prefix) > bits) throw new ConfigError(`${source} entry "${entry}": the prefix length must be at most ${bits}`);
      ranges.addSubnet(address, Number(prefix), rangeFamily === 6 ? 'ipv6' : 'ipv4');
      continue;
    }
    const named = hostAndPort(entry);
    if (named.name !== '') names.push(named);
  }
  return (host, port) => {
    const family = isIP(host);
    if (family !== 0 && ranges.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
    return names.some(({ name, port: only }) =>
      (only === undefined || only === port) && (host === name || (family === 0 && host.endsWith(`.${name}`))),
    );
  };
}

/** A NO_PROXY entry's host (without a leading `.` or `*.`) and port: `[::1]:8000`, `::1` (no port), `host:443`, `host`. */
function hostAndPort(entry: string): { name: string; port: number | undefined } {
  const [, bracketed, bracketedPort] = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ?? [];
  if (bracketed !== undefined) return { name: bracketed, port: bracketedPort === undefined ? undefined : Number(bracketedPort) };
  // A bare IPv6 address: its colons are not a port.
  if (isIP(entry) === 6) return { name: entry, port: undefined };
  const [, name = entry, port] = /^(.*?)(?::(\d+))?$/.exec(entry) ?? [];
  return { name: name.replace(/^\*?\./, '').replace(/\.$/, ''), port: port === undefined ? undefined : Number(port) };
}

/** A proxy URL as errors may show it: scheme, host and port; never the user and password. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * The error for a proxy's 407: its user and password are missing or refused. Not retried; the proxy is
 * shown without them. `what` is the request, e.g. `GetItem to dynamodb.eu-west-1.amazonaws.com`.
 */
export function proxyAuthenticationRequired(what: string, proxy: URL, action?: string): NetworkError {
  return new NetworkError(
    `${what} failed: the proxy ${describeProxy(proxy)} answered 407 Proxy Authentication Required; ` +
      'give its user and password in the proxy URL (http://user:password@host:port, URL-encoded)',
    false,
    action === undefined ? {} : { action },
  );
}
