// Proxies: NO_PROXY and the variables read as the AWS CLI and curl read them, then real requests through a
// proxy stand-in on 127.0.0.1 (CONNECT tunnels to a TLS server in front of dynalite, absolute-URL requests
// for http), which records what went through it.
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { resolveProxySettings, withProxyOption } from '../../src/config/proxy.js';
import { fromAssumeRole } from '../../src/config/credentials/from-assume-role.js';
import { ConfigError, NetworkError, NoCredentialsError } from '../../src/errors/client-errors.js';
import { parseNoProxy, proxyFor } from '../../src/http/proxy.js';
import { isolatedEnv } from '../config/support/files.js';
import { containerStandIn } from '../config/support/stand-in.js';
import { stsCredentialsXml, stsStandIn } from '../config/support/sts-stand-in.js';
import { startConnectProxy, type ProxyStandIn } from '../support/connect-proxy.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { LOCAL_CREDENTIALS } from '../support/local-client.js';
import { makeCertificates, startTlsFront, type TestCertificates, type TlsFront } from '../support/tls.js';
import { views } from '../support/views.js';

describe('NO_PROXY', () => {
  const bypass = (list: string, url: string): boolean => {
    const settings = { https: new URL('http://proxy:3128'), http: new URL('http://proxy:3128'), noProxy: parseNoProxy(list) };
    return proxyFor(new URL(url), settings) === undefined;
  };

  it('a host name covers itself and its subdomains, with or without a leading dot or *., in any case', () => {
    for (const entry of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.com']) {
      expect([entry, bypass(entry, 'https://example.com/')]).toEqual([entry, true]);
      expect([entry, bypass(entry, 'https://db.eu.Example.com/')]).toEqual([entry, true]);
      expect([entry, bypass(entry, 'https://notexample.com/')]).toEqual([entry, false]);
      expect([entry, bypass(entry, 'https://example.com.evil.io/')]).toEqual([entry, false]);
    }
  });

  it('a trailing dot is ignored on the entry and on the target, as curl ignores it (a fully qualified name is the same host)', () => {
    for (const [entry, url] of [
      ['localhost.', 'http://localhost:8000/'],
      ['localhost', 'http://localhost.:8000/'],
      ['example.com.', 'https://db.example.com/'],
      ['.example.com.', 'https://example.com./'],
      ['*.example.com', 'https://db.Example.COM./'],
      ['example.com.:8443', 'https://example.com.:8443/'],
    ]) {
      expect([entry, url, bypass(entry!, url!)]).toEqual([entry, url, true]);
    }
    expect(bypass('example.com.', 'https://notexample.com./')).toBe(false);
    expect(bypass('example.com.:8443', 'https://example.com./')).toBe(false);
    // A lone dot names no host.
    expect(bypass('.', 'https://example.com./')).toBe(false);
  });

  it('host:port matches that port only (default ports included)', () => {
    expect(bypass('db.internal:8443', 'https://db.internal:8443/')).toBe(true);
    expect(bypass('db.internal:8443', 'https://db.internal/')).toBe(false);
    expect(bypass('db.internal:443', 'https://db.internal/')).toBe(true);
    expect(bypass('db.internal:80', 'http://db.internal/')).toBe(true);
  });

  it('IP addresses, IPv6 with or without brackets and port, and CIDR ranges', () => {
    expect(bypass('127.0.0.1', 'http://127.0.0.1:8000/')).toBe(true);
    expect(bypass('127.0.0.1:9000', 'http://127.0.0.1:8000/')).toBe(false);
    expect(bypass('::1', 'http://[::1]:8000/')).toBe(true);
    expect(bypass('[::1]:8000', 'http://[::1]:8000/')).toBe(true);
    expect(bypass('[::1]:9000', 'http://[::1]:8000/')).toBe(false);
    expect(bypass('10.0.0.0/8', 'http://10.20.30.40/')).toBe(true);
    expect(bypass('10.0.0.0/8', 'http://11.0.0.1/')).toBe(false);
    expect(bypass('fd00::/8', 'https://[fd00:ec2::23]/')).toBe(true);
    // A range says nothing about host names, nor an IP about names that end like it.
    expect(bypass('10.0.0.0/8', 'http://10.example.com/')).toBe(false);
    expect(bypass('0.1', 'http://10.0.0.1/')).toBe(false);
  });

  it('* covers everything; entries are separated by commas and spaces; empty covers nothing', () => {
    expect(bypass('*', 'https://dynamodb.eu-west-1.amazonaws.com/')).toBe(true);
    expect(bypass(' localhost , .internal  127.0.0.1 ', 'https://a.internal/')).toBe(true);
    expect(bypass('', 'https://a.internal/')).toBe(false);
  });

  it('a CIDR prefix longer than its address is a ConfigError naming the variable', () => {
    expect(() => parseNoProxy('10.0.0.0/33', 'env no_proxy')).toThrow(/env no_proxy entry "10.0.0.0\/33": the prefix length must be at most 32/);
  });
});

/** What resolving the proxies of `env` throws, if anything. */
function refusalOf(env: Record<string, string>): unknown {
  try {
    resolveProxySettings(env);
  } catch (caught) {
    return caught;
  }
  return undefined;
}

describe('proxy variables and the proxy option', () => {
  const hostOf = (url: URL | undefined) => url?.host;

  it('https targets use https_proxy/HTTPS_PROXY, http targets http_proxy/HTTP_PROXY, lower case first, neither for the other', () => {
    const settings = resolveProxySettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1', HTTP_PROXY: 'http://plain:2' });
    expect([hostOf(settings.https), hostOf(settings.http)]).toEqual(['lower:1', 'plain:2']);
    expect(hostOf(resolveProxySettings({ HTTP_PROXY: 'http://plain:2' }).https)).toBeUndefined();
    expect(hostOf(resolveProxySettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: '' }).https)).toBe('upper:1');
  });

  it('a proxy without a scheme is http; https proxies are allowed; SOCKS is refused', () => {
    expect(resolveProxySettings({ HTTPS_PROXY: 'proxy.corp:3128' }).https?.href).toBe('http://proxy.corp:3128/');
    expect(resolveProxySettings({ HTTPS_PROXY: 'https://proxy.corp' }).https?.protocol).toBe('https:');
    expect(() => resolveProxySettings({ HTTPS_PROXY: 'socks5://proxy:1080' })).toThrow(/env HTTPS_PROXY: a socks5 proxy is not supported/);
  });

  it('a malformed proxy URL is a ConfigError naming the variable, never showing the value', () => {
    const error = refusalOf({ https_proxy: 'http://user:s3cret-pw@[bad' });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/env https_proxy is not a valid proxy URL/);
    for (const view of views(error)) expect(view).not.toContain('s3cret-pw');
  });

  it('a password that is not URL-encoded (a bare %) is a ConfigError at once, not a request failing with "URI malformed"; @ and %40 both work', () => {
    const error = refusalOf({ HTTPS_PROXY: 'http://dave:50%off@proxy.corp:3128' });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('env HTTPS_PROXY: the user or password in the proxy URL is not URL-encoded; write % as %25 (and @ as %40, : as %3A, / as %2F)');
    for (const view of views(error)) expect(view).not.toContain('50%off');
    expect(() => new DynamoDB({ proxy: 'http://dave:50%off@proxy.corp:3128', credentials: LOCAL_CREDENTIALS, env: {} })).toThrow(/^option proxy: the user or password in the proxy URL is not URL-encoded/);
    expect(resolveProxySettings({ HTTPS_PROXY: 'http://dave:p@ss@proxy.corp:3128' }).https).toMatchObject({ host: 'proxy.corp:3128', password: 'p%40ss' });
    expect(resolveProxySettings({ HTTPS_PROXY: 'http://dave:p%40ss@proxy.corp:3128' }).https).toMatchObject({ host: 'proxy.corp:3128', password: 'p%40ss' });
  });

  it('the option: undefined keeps the environment, false drops every proxy variable, a URL replaces them', () => {
    const env = { HTTPS_PROXY: 'http://env:1', http_proxy: 'http://env:2', NO_PROXY: '.internal', OTHER: 'kept' };
    expect(withProxyOption(env, undefined)).toBe(env);
    expect(resolveProxySettings(withProxyOption(env, false))).toMatchObject({ https: undefined, http: undefined });
    const replaced = resolveProxySettings(withProxyOption(env, 'http://option:3'));
    expect([hostOf(replaced.https), hostOf(replaced.http)]).toEqual(['option:3', 'option:3']);
    expect(proxyFor(new URL('https://db.internal/'), replaced)).toBeUndefined();
    expect(withProxyOption(env, false)['OTHER']).toBe('kept');
    expect(env.HTTPS_PROXY).toBe('http://env:1');
  });

  it('a bad option is a ConfigError naming it', () => {
    expect(() => withProxyOption({}, true)).toThrow(/option proxy must be a proxy URL string or false, got a boolean/);
    expect(() => withProxyOption({}, 'ftp://proxy')).toThrow(/option proxy: a ftp proxy is not supported/);
    expect(() => new DynamoDB({ proxy: 'http://[' , credentials: LOCAL_CREDENTIALS, env: {} })).toThrow(/option proxy is not a valid proxy URL/);
  });

  it('the client keeps the proxy (and its password) out of db.config', () => {
    const db = new DynamoDB({ proxy: 'http://user:s3cret-pw@proxy:3128', caBundle: '-----BEGIN CERTIFICATE-----', credentials: LOCAL_CREDENTIALS, env: {} });
    expect(Object.keys(db.config)).not.toContain('proxy');
    for (const view of views(db.config)) expect(view).not.toContain('s3cret-pw');
  });
});

describe('requests through a proxy stand-in', () => {
  let dynalite: LocalDynamo;
  let certificates: TestCertificates;
  let tls: TlsFront;
  const proxies: ProxyStandIn[] = [];
  beforeAll(async () => {
    dynalite = await startDynalite();
    certificates = makeCertificates();
    tls = await startTlsFront(dynalite.endpoint, certificates.server);
  });
  afterAll(async () => {
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await tls.close();
    await dynalite.close();
    certificates.remove();
  });
  const proxy = async (options?: Parameters<typeof startConnectProxy>[0]): Promise<ProxyStandIn> => {
    const started = await startConnectProxy(options);
    proxies.push(started);
    return started;
  };
  const client = (endpoint: string, env: Record<string, string>, options: object = {}) =>
    new DynamoDB({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, caBundle: certificates.ca, env, ...options });
  const listTables = (db: DynamoDB) => lastValueFrom(db.listTables().pipe(toArray()));
  const tlsTarget = () => new URL(tls.endpoint).host;

  it('https: one CONNECT tunnel through HTTPS_PROXY, kept alive across calls, TLS to the endpoint inside it', async () => {
    const through = await proxy();
    const db = client(tls.endpoint, { HTTPS_PROXY: through.url });
    for (let call = 0; call < 5; call++) await listTables(db);
    expect(through.proxied).toEqual([{ method: 'CONNECT', target: tlsTarget(), credentials: undefined }]);
  });

  it('https: at most maxConcurrency tunnels for concurrent calls', async () => {
    const through = await proxy();
    const db = client(tls.endpoint, { https_proxy: through.url }, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => listTables(db)));
    expect(through.proxied.length).toBeGreaterThan(0);
    expect(through.proxied.length).toBeLessThanOrEqual(3);
  });

  it('http: requests go to HTTP_PROXY with their absolute URL; HTTPS_PROXY alone leaves them direct', async () => {
    const through = await proxy();
    await listTables(client(dynalite.endpoint, { HTTP_PROXY: through.url }));
    expect(through.proxied).toEqual([{ method: 'POST', target: `${dynalite.endpoint}/`, credentials: undefined }]);
    await listTables(client(dynalite.endpoint, { HTTPS_PROXY: through.url }));
    expect(through.proxied).toHaveLength(1);
  });

  it('NO_PROXY sends matching endpoints direct: by host, by host and port', async () => {
    const through = await proxy();
    await listTables(client(tls.endpoint, { HTTPS_PROXY: through.url, NO_PROXY: 'localhost,127.0.0.1' }));
    await listTables(client(tls.endpoint, { HTTPS_PROXY: through.url, no_proxy: tlsTarget() }));
    expect(through.proxied).toEqual([]);
    await listTables(client(tls.endpoint, { HTTPS_PROXY: through.url, NO_PROXY: '127.0.0.1:1' }));
    expect(through.proxied).toHaveLength(1);
  });

  it('the option: false ignores HTTPS_PROXY, a URL is used without any variable', async () => {
    const through = await proxy();
    await listTables(client(tls.endpoint, { HTTPS_PROXY: through.url }, { proxy: false }));
    expect(through.proxied).toEqual([]);
    await listTables(client(tls.endpoint, {}, { proxy: through.url }));
    expect(through.proxied).toHaveLength(1);
  });

  it('credentials in the proxy URL go in Proxy-Authorization (URL-decoded), for CONNECT and http alike', async () => {
    const through = await proxy({ credentials: 'alice:p@ss word' });
    const url = through.url.replace('//', '//alice:p%40ss%20word@');
    await listTables(client(tls.endpoint, { HTTPS_PROXY: url }));
    await listTables(client(dynalite.endpoint, { HTTP_PROXY: url }));
    expect(through.proxied.map((entry) => entry.credentials)).toEqual(['alice:p@ss word', 'alice:p@ss word']);
  });

  it('a 407 is a NetworkError at once, not retried, that says what to do and never shows the password', async () => {
    const through = await proxy({ credentials: 'alice:right' });
    for (const [endpoint, variable] of [[tls.endpoint, 'HTTPS_PROXY'], [dynalite.endpoint, 'HTTP_PROXY']] as const) {
      const before = through.proxied.length;
      const error = await firstValueFrom(client(endpoint, { [variable]: through.url.replace('//', '//alice:wr0ng-pw@') }).listTables()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(new RegExp(`the proxy ${through.url} answered 407 Proxy Authentication Required; give its user and password`)) });
      expect(through.proxied.length - before).toBe(1);
      for (const view of views(error)) expect(view).not.toContain('wr0ng-pw');
    }
  });

  const fastRetries = { maxRetries: 2, retry: { baseDelayMs: 1, maxDelayMs: 1 } };
  const refusedBy = (through: ProxyStandIn, status: string) =>
    new RegExp(`^ListTables to 127\\.0\\.0\\.1:\\d+ failed: the proxy ${through.url.replace(/\./g, '\\.')} answered ${status} itself, not the endpoint: `);

  it("a CONNECT the proxy answers with its own 502 or 503: a NetworkError that says the proxy answered, retried, never the proxy's password", async () => {
    for (const [status, text] of [[502, 'Bad Gateway'], [503, 'Service Unavailable']] as const) {
      const through = await proxy({ refusals: [status, status, status] });
      const error = await firstValueFrom(client(tls.endpoint, { HTTPS_PROXY: through.url.replace('//', '//carol:pr0xy-pw@') }, fastRetries).listTables()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ retryable: true, action: 'ListTables', message: expect.stringMatching(refusedBy(through, `${status} ${text}`)) });
      expect((error as Error).message).toMatch(/it could not reach the endpoint, or is down or overloaded, for now \(retried\)$/);
      expect(error).not.toHaveProperty('statusCode');
      expect(through.proxied.map((entry) => entry.method)).toEqual(['CONNECT', 'CONNECT', 'CONNECT']);
      for (const view of views(error)) expect(view).not.toMatch(/pr0xy-pw|<html>/);
    }
  });

  it('a CONNECT refused once with 503 is retried through a new tunnel, and the call succeeds', async () => {
    const through = await proxy({ refusals: [503] });
    expect(await listTables(client(tls.endpoint, { HTTPS_PROXY: through.url }, fastRetries))).toEqual(expect.any(Array));
    expect(through.proxied.map((entry) => entry.method)).toEqual(['CONNECT', 'CONNECT']);
  });

  it('a CONNECT refused with 403 (the proxy\'s policy): not retried, and says what to do', async () => {
    const through = await proxy({ refusals: [403, 403] });
    const error = await firstValueFrom(client(tls.endpoint, { HTTPS_PROXY: through.url }, fastRetries).listTables()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NetworkError', retryable: false, message: expect.stringMatching(refusedBy(through, '403 Forbidden')) });
    expect((error as Error).message).toMatch(/ask its administrators, or list the endpoint in NO_PROXY if it can be reached directly \(not retried\)$/);
    expect(through.proxied).toHaveLength(1);
  });

  it('an http proxy answering with its own HTML 502 (no x-amzn-RequestId): the same error, retried; once, and the call succeeds', async () => {
    const failing = await proxy({ refusals: [502, 502, 502] });
    const error = await firstValueFrom(client(dynalite.endpoint, { HTTP_PROXY: failing.url }, fastRetries).listTables()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NetworkError', retryable: true, message: expect.stringMatching(refusedBy(failing, '502 Bad Gateway')) });
    expect(failing.proxied).toHaveLength(3);
    const once = await proxy({ refusals: [502] });
    expect(await listTables(client(dynalite.endpoint, { HTTP_PROXY: once.url }, fastRetries))).toEqual(expect.any(Array));
    expect(once.proxied).toHaveLength(2);
  });

  it("through an http proxy, the endpoint's own errors (with x-amzn-RequestId) stay the endpoint's", async () => {
    const through = await proxy();
    const error = await firstValueFrom(client(dynalite.endpoint, { HTTP_PROXY: through.url }).describeTable('NoSuchTable')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ResourceNotFoundException', statusCode: 400 });
  });

  it('a proxy that is down: a retryable NetworkError naming the proxy, without its password', async () => {
    const down = await proxy();
    await down.close();
    const db = client(tls.endpoint, { HTTPS_PROXY: down.url.replace('//', '//bob:d0wn-pw@') }, { maxRetries: 1, retry: { baseDelayMs: 1 } });
    const error = await firstValueFrom(db.listTables()).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'NetworkError', retryable: true, message: expect.stringContaining(`through proxy ${down.url}`) });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    for (const view of views(error)) expect(view).not.toContain('d0wn-pw');
  });

  it('unsubscribing while the proxy has not answered CONNECT closes the connection to it', async () => {
    const held = await proxy({ hold: true });
    const subscription = client(tls.endpoint, { HTTPS_PROXY: held.url }).listTables().subscribe({ error: () => {} });
    await vi.waitFor(() => expect(held.proxied).toHaveLength(1));
    expect(held.openConnections).toBe(1);
    subscription.unsubscribe();
    await vi.waitFor(() => expect(held.openConnections).toBe(0));
  });
});

describe('credential requests and proxies', () => {
  it('STS goes through the proxy the environment names (and the client option), with NO_PROXY', async () => {
    const through = await startConnectProxy();
    const dynalite = await startDynalite();
    try {
      const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', { accessKeyId: 'ROLE', secretAccessKey: 'role-secret', sessionToken: 'role-token', expiration: new Date(Date.now() + 3_600_000) }));
      const config = '[profile base]\naws_access_key_id = BASE\naws_secret_access_key = base-secret\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n';
      const roleClient = (extra: Record<string, string>, options: object = {}) =>
        new DynamoDB({ endpoint: dynalite.endpoint, region: 'eu-west-1', profile: 'app', env: isolatedEnv({ config }, { AWS_ENDPOINT_URL_STS: sts.origin, ...extra }), ...options });
      await lastValueFrom(roleClient({ HTTP_PROXY: through.url }).listTables().pipe(toArray()));
      expect(through.proxied.map((entry) => entry.target)).toEqual([`${sts.origin}/`, `${dynalite.endpoint}/`]);
      // NO_PROXY for both, and the option false: STS goes direct too.
      await lastValueFrom(roleClient({ HTTP_PROXY: through.url, NO_PROXY: '127.0.0.1' }).listTables().pipe(toArray()));
      await lastValueFrom(roleClient({ HTTP_PROXY: through.url }, { proxy: false }).listTables().pipe(toArray()));
      expect(through.proxied).toHaveLength(2);
      expect(sts.calls).toHaveLength(3);
      // The option's URL carries STS too.
      await lastValueFrom(roleClient({}, { proxy: through.url }).listTables().pipe(toArray()));
      expect(through.proxied.map((entry) => entry.target).slice(2)).toEqual([`${sts.origin}/`, `${dynalite.endpoint}/`]);
    } finally {
      await through.close();
      await dynalite.close();
    }
  });

  it("a proxy's own answer to an STS request says so: 502 retried (STS then answers), 403 not, never the proxy's password", async () => {
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', { accessKeyId: 'ROLE', secretAccessKey: 'role-secret', sessionToken: 'role-token', expiration: new Date(Date.now() + 3_600_000) }));
    const role = (through: ProxyStandIn) =>
      fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/app', sourceCredentials: LOCAL_CREDENTIALS, env: { AWS_ENDPOINT_URL_STS: sts.origin, HTTP_PROXY: through.url.replace('//', '//dave:st5-pw@') } });
    const flaky = await startConnectProxy({ refusals: [502] });
    const forbidding = await startConnectProxy({ refusals: [403, 403, 403] });
    try {
      expect(await firstValueFrom(role(flaky))).toMatchObject({ accessKeyId: 'ROLE' });
      expect(flaky.proxied).toHaveLength(2);
      const error = await firstValueFrom(role(forbidding)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NoCredentialsError);
      expect((error as Error).message).toMatch(new RegExp(`^STS AssumeRole at ${sts.origin}/ failed: the proxy ${forbidding.url} answered 403 Forbidden itself, not the endpoint: .*\\(not retried\\)$`));
      expect(forbidding.proxied).toHaveLength(1);
      for (const view of views(error)) expect(view).not.toMatch(/st5-pw|<html>/);
      expect(sts.calls).toHaveLength(1);
    } finally {
      await Promise.all([flaky.close(), forbidding.close()]);
    }
  });

  it('a token Node refuses to put in a header: a NetworkError naming the header (never the token), through a proxy as directly', async () => {
    // Through a proxy the request is built in a Promise callback: Node's refusal was an unhandled rejection (a
    // crashed process) and the call hung until its timeout.
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', { accessKeyId: 'ROLE', secretAccessKey: 'role-secret', sessionToken: 'role-token', expiration: new Date(Date.now() + 3_600_000) }));
    const through = await startConnectProxy();
    const rejections: unknown[] = [];
    const heard = (reason: unknown): number => rejections.push(reason);
    process.on('unhandledRejection', heard);
    try {
      const source = { ...LOCAL_CREDENTIALS, sessionToken: 'session-token\nsecond-line-secret' };
      for (const extra of [{ HTTP_PROXY: through.url }, {}]) {
        const error = await firstValueFrom(fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/app', sourceCredentials: source, env: { AWS_ENDPOINT_URL_STS: sts.origin, ...extra } })).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(NoCredentialsError);
        expect((error as Error).message).toMatch(/not sent: Node refused its X-Amz-Security-Token header \(ERR_INVALID_CHAR\); a token or key holds a line break/);
        expect(((error as NoCredentialsError).cause as NetworkError).retryable).toBe(false);
        for (const view of views(error)) expect(view).not.toContain('second-line-secret');
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(rejections).toEqual([]);
      expect(through.proxied).toEqual([]);
      expect(sts.calls).toEqual([]);
    } finally {
      process.off('unhandledRejection', heard);
      await through.close();
    }
  });

  it('the container endpoint is never proxied, as in the AWS SDK for JavaScript', async () => {
    const through = await startConnectProxy();
    const dynalite = await startDynalite();
    try {
      const container = await containerStandIn('CONTAINER');
      const env = isolatedEnv({}, { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${container.origin}/creds`, HTTP_PROXY: through.url, NO_PROXY: `${new URL(dynalite.endpoint).host}` });
      await lastValueFrom(new DynamoDB({ endpoint: dynalite.endpoint, region: 'eu-west-1', env }).listTables().pipe(toArray()));
      expect(container.received).toHaveLength(1);
      expect(through.proxied).toEqual([]);
    } finally {
      await through.close();
      await dynalite.close();
    }
  });
});
