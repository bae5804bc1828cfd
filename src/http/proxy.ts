import { BlockList, isIP } from 'node:net';
import { ConfigError, NetworkError } from '../errors/client-errors.js';
import { certificateProblem } from './network-error.js';

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
  const host = withoutTrailingDot(target.hostname.replace(/^\[|\]$/g, '')).toLowerCase();
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
  return { name: withoutTrailingDot(name.replace(/^\*?\./, '')), port: port === undefined ? undefined : Number(port) };
}

/** A host name without the trailing dot of its fully qualified form (`localhost.` is `localhost`), as curl compares them. */
function withoutTrailingDot(host: string): string {
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** A proxy URL as errors may show it: scheme, host and port; never the user and password. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * What a proxy answered itself instead of passing a request on: a CONNECT refused with any status but 200 (thrown
 * by the tunnelling agent, so the proxy's page is never read as the endpoint's answer). @internal
 */
export class ProxyRefusal extends Error {
  override name = 'ProxyRefusal';
  readonly code = 'ERR_PROXY_REFUSED';
  constructor(
    readonly statusCode: number,
    readonly statusText: string,
  ) {
    super(`the proxy answered CONNECT with ${statusCode} ${statusText}`.trim());
  }
}

/** Failures on the way to the proxy itself (connecting, TLS to an https proxy), told apart from the endpoint's own. */
const atProxy = new WeakSet<object>();

/** Marks `error` as a failure to reach or speak to the proxy, not the endpoint; returns it. @internal */
export function markAtProxy<E>(error: E): E {
  if (typeof error === 'object' && error !== null) atProxy.add(error);
  return error;
}

/**
 * Whether a response to a request forwarded by an http proxy (an `http:` endpoint: no tunnel) is the proxy's own
 * answer rather than the endpoint's: a 407, or an error status without the `x-amzn-RequestId` that DynamoDB, STS
 * and SSO put on every answer (a proxy's HTML 502 when it cannot reach the endpoint, a 403 by its policy).
 */
export function isProxyOwnAnswer(statusCode: number, headers: Readonly<Record<string, unknown>>): boolean {
  return statusCode === 407 || (statusCode >= 400 && headers['x-amzn-requestid'] === undefined);
}

/**
 * The error for what went wrong at `proxy` rather than at the endpoint, or `undefined` when `error` is not that: a
 * {@link ProxyRefusal} (see {@link proxyRefused}), or a refused TLS certificate of an https proxy. `error` may be
 * axios's wrapper, whose `cause` is the agent's error. `what` is the request, e.g. `GetItem to dynamodb.eu-west-1.amazonaws.com`
 * (`undefined` when the caller's own message says it).
 */
export function proxyFailure(error: unknown, what: string | undefined, proxy: URL, action?: string): NetworkError | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  const failure = [error, cause].find((candidate) => candidate instanceof ProxyRefusal || (typeof candidate === 'object' && candidate !== null && atProxy.has(candidate)));
  if (failure instanceof ProxyRefusal) return proxyRefused(what, proxy, failure.statusCode, failure.statusText, action);
  const code = (failure as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || certificateProblem(code) === undefined) return undefined;
  return new NetworkError(
    `${failed(what)}the TLS certificate of the proxy ${describeProxy(proxy)} was refused (${code}); an https:// proxy is ` +
      "verified with Node's CAs and NODE_EXTRA_CA_CERTS, not caBundle (which is for the endpoint): trust the proxy's CA there",
    false,
    action === undefined ? {} : { action },
  );
}

/**
 * The error for a proxy's own answer (`statusCode`, `statusText`) to a request it should have passed on, saying it
 * came from the proxy (shown without its user and password), not the endpoint. 407: its user and password are
 * missing or refused; not retried. 502, 503, 504: it could not reach the endpoint, or is down or overloaded, for
 * now: retried, as the same answers from DynamoDB are. Any other (403 by its policy, ...): not retried.
 */
export function proxyRefused(what: string | undefined, proxy: URL, statusCode: number, statusText: string | undefined, action?: string): NetworkError {
  const options = action === undefined ? {} : { action };
  const answered = `the proxy ${describeProxy(proxy)} answered ${`${statusCode} ${statusText ?? ''}`.trim()}`;
  if (statusCode === 407) {
    return new NetworkError(
      `${failed(what)}${answered}; give its user and password in the proxy URL (http://user:password@host:port, URL-encoded)`,
      false,
      options,
    );
  }
  const transient = statusCode === 502 || statusCode === 503 || statusCode === 504;
  const meaning = transient
    ? 'it could not reach the endpoint, or is down or overloaded, for now (retried)'
    : statusCode === 403
      ? 'it does not let this request through: ask its administrators, or list the endpoint in NO_PROXY if it can be reached directly (not retried)'
      : 'not retried';
  return new NetworkError(`${failed(what)}${answered} itself, not the endpoint: ${meaning}`, transient, options);
}

/** How a proxy error's message starts: `<what> failed: `, or nothing when the caller says what failed itself. */
function failed(what: string | undefined): string {
  return what === undefined ? '' : `${what} failed: `;
}
