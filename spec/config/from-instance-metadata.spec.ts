import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, NoCredentialsError } from '../../src/errors/client-errors.js';
import { fromInstanceMetadata, instanceMetadataEndpoint } from '../../src/config/credentials/from-instance-metadata.js';
import { errorOf } from './support/observe.js';
import { json, standIn } from './support/stand-in.js';

const ROLES = '/latest/meta-data/iam/security-credentials/';
const DOCUMENT = { Code: 'Success', AccessKeyId: 'AKID', SecretAccessKey: 'secret', Token: 'token', Expiration: '2031-01-01T00:00:00Z' };

/** Answers like IMDSv2 with `routes` by "METHOD path"; anything else is a 404. */
function imds(routes: Record<string, (response: ServerResponse, request: IncomingMessage) => void>) {
  return standIn((request, response) => {
    const route = routes[`${request.method} ${request.url}`];
    if (route) route(response, request);
    else response.writeHead(404).end();
  });
}

const text = (body: string) => (response: ServerResponse) => response.end(body);

/** The environment for a stand-in; the metadata service is explicitly enabled. */
const envFor = (origin: string) => ({ AWS_EC2_METADATA_SERVICE_ENDPOINT: origin, AWS_EC2_METADATA_DISABLED: 'false' });

describe('instanceMetadataEndpoint (no request is sent)', () => {
  it('is 169.254.169.254, or [fd00:ec2::254] in IPv6 mode, or the endpoint variable', () => {
    expect(instanceMetadataEndpoint({}).origin).toBe('http://169.254.169.254');
    expect(instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' }).origin).toBe('http://[fd00:ec2::254]');
    expect(instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1234/' }).origin).toBe('http://127.0.0.1:1234');
  });

  it('fails with ConfigError on an unknown mode or a bad endpoint', () => {
    expect(() => instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv5' })).toThrow(ConfigError);
    expect(() => instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'file:///etc/passwd' })).toThrow(ConfigError);
    expect(() => instanceMetadataEndpoint({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'not a url' })).toThrow(ConfigError);
  });
});

describe('fromInstanceMetadata (against a stand-in on 127.0.0.1)', () => {
  it('gets a token by PUT, then the role and its credentials with that token', async () => {
    const server = await imds({
      'PUT /latest/api/token': text('session-token'),
      [`GET ${ROLES}`]: text('my-role\n'),
      [`GET ${ROLES}my-role`]: (response) => json(response, DOCUMENT),
    });
    expect(await firstValueFrom(fromInstanceMetadata({ env: envFor(server.origin) }))).toEqual({
      accessKeyId: 'AKID',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date('2031-01-01T00:00:00Z'),
    });
    expect(server.received.map((request) => `${request.method} ${request.path}`)).toEqual([
      'PUT /latest/api/token',
      `GET ${ROLES}`,
      `GET ${ROLES}my-role`,
    ]);
    expect(server.received[0]?.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('21600');
    expect(server.received.slice(1).map((request) => request.headers['x-aws-ec2-metadata-token'])).toEqual(['session-token', 'session-token']);
  });

  it.each(['true', 'TRUE', '1'])('sends nothing when AWS_EC2_METADATA_DISABLED=%s', async (disabled) => {
    const server = await imds({});
    const error = await errorOf(fromInstanceMetadata({ env: { ...envFor(server.origin), AWS_EC2_METADATA_DISABLED: disabled } }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toContain('disabled by AWS_EC2_METADATA_DISABLED');
    expect(server.received).toHaveLength(0);
  });

  it('does not fall back to IMDSv1 when the token is refused', async () => {
    const server = await imds({ 'PUT /latest/api/token': (response) => response.writeHead(403).end() });
    const error = await errorOf(fromInstanceMetadata({ env: envFor(server.origin) }));
    expect(error.message).toContain('no IMDSv2 token');
    expect(server.received).toHaveLength(1);
  });

  it('says there is nothing when no endpoint listens or it never answers within 1 s', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await errorOf(fromInstanceMetadata({ env: envFor(`http://127.0.0.1:${port}`) }))).message).toContain('ECONNREFUSED');

    const silent = await standIn(() => {});
    const started = Date.now();
    const error = await errorOf(fromInstanceMetadata({ env: envFor(silent.origin) }));
    expect(error.message).toContain('no response within 1000 ms');
    expect(error.message).not.toContain('timeoutMs'); // the metadata service's own 1 s, not the client option
    // The service's own 1 s, not the client's 10 s default: half of that leaves room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(silent.received).toHaveLength(1);
  });

  it('says the instance has no role when the role list is a 404', async () => {
    const server = await imds({ 'PUT /latest/api/token': text('t') });
    expect((await errorOf(fromInstanceMetadata({ env: envFor(server.origin) }))).message).toContain('the instance has no IAM role');
  });

  it('fails when the credentials are not a success', async () => {
    const server = await imds({
      'PUT /latest/api/token': text('t'),
      [`GET ${ROLES}`]: text('r'),
      [`GET ${ROLES}r`]: (response) => json(response, { ...DOCUMENT, Code: 'AssumeRoleUnauthorizedAccess' }),
    });
    const error = await errorOf(fromInstanceMetadata({ env: envFor(server.origin) }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toBe('instance metadata credentials: Code must be "Success"');
  });

  it('fails with the cause when the metadata service errs after giving a token', async () => {
    const server = await imds({ 'PUT /latest/api/token': text('t'), [`GET ${ROLES}`]: (response) => response.writeHead(500).end() });
    const error = await errorOf(fromInstanceMetadata({ env: envFor(server.origin) }));
    expect(error.message).toContain('instance metadata failed: ');
    expect(error.cause).toMatchObject({ statusCode: 500 });
  });

  it('destroys the request in flight when unsubscribed', async () => {
    const server = await imds({ 'PUT /latest/api/token': text('t'), [`GET ${ROLES}`]: () => {} });
    const subscription = fromInstanceMetadata({ env: envFor(server.origin) }).subscribe({ error: () => {} });
    await expect.poll(() => server.received.length).toBe(2);
    subscription.unsubscribe();
    await server.aborted;
  });
});
