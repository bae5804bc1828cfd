// HTTPS end to end: a CA and certificates made with openssl, a TLS server on 127.0.0.1 in front of dynalite,
// the CA trusted through the caBundle option and through NODE_EXTRA_CA_CERTS (read by Node at startup: a
// child process), and every kind of refused certificate failing at once, not retried.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { fromAssumeRole } from '../../src/config/credentials/from-assume-role.js';
import { NetworkError, NoCredentialsError } from '../../src/errors/client-errors.js';
import { startConnectProxy } from '../support/connect-proxy.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { LOCAL_CREDENTIALS, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { makeCertificates, startTlsFront, type KeyPair, type TestCertificates, type TlsFront } from '../support/tls.js';
import { views } from '../support/views.js';

const run = promisify(execFile);

describe('HTTPS to a TLS server on 127.0.0.1 in front of dynalite', () => {
  let dynalite: LocalDynamo;
  let certificates: TestCertificates;
  const fronts: TlsFront[] = [];
  beforeAll(async () => {
    dynalite = await startDynalite();
    certificates = makeCertificates();
  });
  afterAll(async () => {
    await Promise.all(fronts.map((front) => front.close()));
    await dynalite.close();
    certificates.remove();
  });
  const front = async (pair: KeyPair): Promise<TlsFront> => {
    const started = await startTlsFront(dynalite.endpoint, pair);
    fronts.push(started);
    return started;
  };
  const client = (endpoint: string, options: object = {}) => new DynamoDB({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, env: {}, ...options });

  it('works with the CA trusted through the caBundle option (text, Buffer, or a list with other CAs)', async () => {
    const tls = await front(certificates.server);
    const table = uniqueTableName('Tls');
    const db = client(tls.endpoint, { caBundle: certificates.ca });
    await firstValueFrom(db.createTable(tableDefinition(table)));
    await firstValueFrom(db.putItem(table, { pk: 'a', secret: 'over TLS' }));
    expect(await firstValueFrom(client(tls.endpoint, { caBundle: Buffer.from(certificates.ca) }).getItem(table, { pk: 'a' }))).toEqual({ pk: 'a', secret: 'over TLS' });
    expect(await firstValueFrom(client(tls.endpoint, { caBundle: [certificates.otherCa, certificates.ca] }).getItem(table, { pk: 'a' }))).toEqual({ pk: 'a', secret: 'over TLS' });
  });

  /** Lists the tables at `endpoint` from a child process (through `proxy`, if given), with `extraEnv` such as NODE_EXTRA_CA_CERTS. */
  const child = async (extraEnv: Record<string, string>, endpoint: string, proxy?: string) => {
    const script = join(import.meta.dirname, '../support/list-tables-child.ts');
    const args = ['--import', 'tsx', script, endpoint, ...(proxy === undefined ? [] : [proxy])];
    const { stdout } = await run(process.execPath, args, { cwd: process.cwd(), env: { PATH: process.env['PATH'] ?? '', ...extraEnv } });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { tables?: string[]; code?: string; message?: string };
  };

  it('works with the CA trusted through NODE_EXTRA_CA_CERTS, and only thanks to it', async () => {
    const tls = await front(certificates.server);
    const [trusted, untrusted] = await Promise.all([child({ NODE_EXTRA_CA_CERTS: certificates.caFile }, tls.endpoint), child({}, tls.endpoint)]);
    expect(trusted).toEqual({ tables: expect.any(Array) });
    expect(untrusted).toMatchObject({ code: 'NetworkError', message: expect.stringContaining('not signed by a trusted CA') });
  }, 30_000);

  const refusals = [
    ['an unknown CA', () => certificates.server, () => undefined, /not signed by a trusted CA; trust its CA with the caBundle option or NODE_EXTRA_CA_CERTS \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/],
    ['another CA than the one trusted', () => certificates.server, () => certificates.otherCa, /not signed by a trusted CA.*\(UNABLE_TO_VERIFY_LEAF_SIGNATURE/],
    ['a certificate for another host', () => certificates.wrongHost, () => certificates.ca, /is for another host name; check the endpoint \(ERR_TLS_CERT_ALTNAME_INVALID/],
    ['an expired certificate', () => certificates.expired, () => certificates.ca, /outside its validity dates \(expired, or this machine's clock is wrong\) \(CERT_HAS_EXPIRED/],
  ] as const;

  for (const [what, pair, caBundle, message] of refusals) {
    it(`${what}: a NetworkError at once, not retried, saying what is wrong`, async () => {
      const tls = await front(pair());
      const ca = caBundle();
      const error = await firstValueFrom(client(tls.endpoint, { maxRetries: 3, ...(ca === undefined ? {} : { caBundle: ca }) }).listTables()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(message) });
      expect(tls.connections).toBe(1);
    });
  }

  it('through a CONNECT tunnel the certificate is checked as on a direct connection', async () => {
    const proxy = await startConnectProxy();
    try {
      const good = await front(certificates.server);
      const expired = await front(certificates.expired);
      const viaProxy = (endpoint: string) => client(endpoint, { caBundle: certificates.ca, proxy: proxy.url });
      expect(await lastValueFrom(viaProxy(good.endpoint).listTables().pipe(toArray()))).toEqual(expect.any(Array));
      const error = await firstValueFrom(viaProxy(expired.endpoint).listTables()).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'NetworkError', retryable: false, message: expect.stringMatching(/CERT_HAS_EXPIRED/) });
      expect(expired.connections).toBe(1);
      expect(proxy.proxied.map((entry) => entry.method)).toEqual(['CONNECT', 'CONNECT']);
    } finally {
      await proxy.close();
    }
  });

  it('through a CONNECT tunnel caBundle is what verifies the endpoint: without it, or with another CA, refused', async () => {
    const proxy = await startConnectProxy();
    try {
      const good = await front(certificates.server);
      for (const caBundle of [undefined, certificates.otherCa]) {
        const error = await firstValueFrom(client(good.endpoint, { proxy: proxy.url, ...(caBundle === undefined ? {} : { caBundle }) }).listTables()).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'NetworkError', retryable: false, message: expect.stringMatching(/not signed by a trusted CA; trust its CA with the caBundle option or NODE_EXTRA_CA_CERTS \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/) });
      }
      expect(good.connections).toBe(2);
      expect(proxy.proxied.map((entry) => entry.method)).toEqual(['CONNECT', 'CONNECT']);
    } finally {
      await proxy.close();
    }
  });

  it('an https:// proxy: TLS to the proxy, then CONNECT and TLS to the endpoint inside it (both trusted through NODE_EXTRA_CA_CERTS)', async () => {
    const tls = await front(certificates.server);
    const proxy = await startConnectProxy({ tls: certificates.server });
    try {
      expect(proxy.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(await child({ NODE_EXTRA_CA_CERTS: certificates.caFile }, tls.endpoint, proxy.url)).toEqual({ tables: expect.any(Array) });
      expect(proxy.proxied).toEqual([{ method: 'CONNECT', target: new URL(tls.endpoint).host, credentials: undefined }]);
    } finally {
      await proxy.close();
    }
  }, 30_000);

  it("an https:// proxy whose certificate is not trusted: a NetworkError at once that names the proxy's certificate (caBundle is for the endpoint)", async () => {
    const tls = await front(certificates.server);
    const proxy = await startConnectProxy({ tls: certificates.server });
    try {
      const db = client(tls.endpoint, { proxy: proxy.url.replace('//', '//erin:tl5-pw@'), caBundle: certificates.ca, maxRetries: 3 });
      const error = await firstValueFrom(db.listTables()).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({
        retryable: false,
        message: `ListTables to ${new URL(tls.endpoint).host} failed: the TLS certificate of the proxy ${proxy.url} was refused (UNABLE_TO_VERIFY_LEAF_SIGNATURE); ` +
          "an https:// proxy is verified with Node's CAs and NODE_EXTRA_CA_CERTS, not caBundle (which is for the endpoint): trust the proxy's CA there",
      });
      for (const view of views(error)) expect(view).not.toContain('tl5-pw');
      expect(proxy.proxied).toEqual([]);
      expect(tls.connections).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('STS over https: a refused certificate is not tried again and says what is wrong', async () => {
    const tls = await front(certificates.wrongHost);
    const credentials = fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/app', sourceCredentials: LOCAL_CREDENTIALS, env: { AWS_ENDPOINT_URL_STS: tls.endpoint } });
    const error = await firstValueFrom(credentials).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect((error as Error).message).toMatch(/STS AssumeRole at https:\/\/127\.0\.0\.1:\d+\/ failed: .*(not signed by a trusted CA|for another host name)/);
    expect(tls.connections).toBe(1);
  });

  it('STS over https with an unknown CA: says to trust it with NODE_EXTRA_CA_CERTS, as caBundle does not cover STS and SSO', async () => {
    const tls = await front(certificates.server);
    const credentials = fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/app', sourceCredentials: LOCAL_CREDENTIALS, env: { AWS_ENDPOINT_URL_STS: tls.endpoint } });
    const error = await firstValueFrom(credentials).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect((error as Error).message).toMatch(
      /STS AssumeRole at https:\/\/127\.0\.0\.1:\d+\/ failed: .*not signed by a trusted CA; trust its CA with NODE_EXTRA_CA_CERTS \(the caBundle option covers DynamoDB and Streams requests only\) \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
    );
  });

  it('caBundle must hold PEM certificates: a path or other value is a ConfigError naming it', () => {
    expect(() => client('https://127.0.0.1:1', { caBundle: certificates.caFile })).toThrow(/option caBundle holds no PEM certificate .*not its path/);
    expect(() => client('https://127.0.0.1:1', { caBundle: [certificates.ca, 42] })).toThrow(/option caBundle\[1\] must be PEM text or a Buffer of it, got a number/);
  });
});
