import { ConfigError } from '../errors/client-errors.js';
import { parseNoProxy, type ProxySettings } from '../http/proxy.js';
import { kindOf } from '../util/kind-of.js';
import { envVar, type Env } from './env.js';

/** The proxy variables, each in the order read: lower case first, as curl, Python and most tools read them. */
const HTTPS_PROXY = ['https_proxy', 'HTTPS_PROXY'] as const;
const HTTP_PROXY = ['http_proxy', 'HTTP_PROXY'] as const;
const NO_PROXY = ['no_proxy', 'NO_PROXY'] as const;

/**
 * The proxies an environment names: `https_proxy`/`HTTPS_PROXY` for https requests, `http_proxy`/`HTTP_PROXY`
 * for http ones (lower case first), and the hosts `no_proxy`/`NO_PROXY` sends direct (see `parseNoProxy`).
 * A proxy URL without a scheme is http (`proxy.corp:3128`); https proxies are spoken to over TLS.
 *
 * @throws ConfigError naming the variable (never its value, which may hold a password) for a value that is
 *   no URL, a proxy scheme other than http and https (SOCKS is not supported), or a user or password that is not
 *   URL-encoded (`50%off` for `50%25off`).
 * @example resolveProxySettings({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal' }).https?.host // 'proxy.corp:3128'
 */
export function resolveProxySettings(env: Env): ProxySettings {
  const proxy = (names: readonly string[]): URL | undefined => {
    const name = names.find((variable) => envVar(env, variable) !== undefined);
    return name === undefined ? undefined : parseProxyUrl(envVar(env, name)!, `env ${name}`);
  };
  const noProxy = NO_PROXY.find((variable) => envVar(env, variable) !== undefined);
  return { https: proxy(HTTPS_PROXY), http: proxy(HTTP_PROXY), noProxy: parseNoProxy(noProxy && envVar(env, noProxy), `env ${noProxy ?? 'NO_PROXY'}`) };
}

/**
 * The environment as the client's `proxy` option makes it: unchanged without the option; without any proxy
 * variable for `false`; with `https_proxy`/`HTTPS_PROXY` and `http_proxy`/`HTTP_PROXY` set to the URL for a URL
 * (NO_PROXY still applies). The client resolves its own requests' proxies from it, and hands it to its default
 * credential chain, so STS and SSO requests go the same way as DynamoDB's.
 *
 * @throws ConfigError naming the option for a value that is not `false` or a proxy URL.
 * @example withProxyOption(process.env, false).HTTPS_PROXY // undefined
 */
export function withProxyOption(env: Env, proxy: unknown): Env {
  if (proxy === undefined) return env;
  if (proxy !== false && typeof proxy !== 'string') throw new ConfigError(`option proxy must be a proxy URL string or false, got ${kindOf(proxy)}`);
  const url = proxy === false ? undefined : parseProxyUrl(proxy, 'option proxy').href;
  return Object.fromEntries([...Object.entries(env), ...[...HTTPS_PROXY, ...HTTP_PROXY].map((name) => [name, url])]) as Env;
}

/** A proxy URL; `host:port` alone means http. */
function parseProxyUrl(text: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ConfigError(`${source} is not a valid proxy URL (expected e.g. http://proxy.example.com:3128)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source}: a ${url.protocol.slice(0, -1)} proxy is not supported; give an http or https proxy URL`);
  }
  try {
    // Proxy-Authorization carries them decoded: a `%` not followed by two hex digits failed each request ("URI malformed").
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw new ConfigError(`${source}: the user or password in the proxy URL is not URL-encoded; write % as %25 (and @ as %40, : as %3A, / as %2F)`);
  }
  return url;
}
