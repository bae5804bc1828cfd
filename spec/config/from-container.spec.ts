import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, DynamoDBTimeoutError, NoCredentialsError } from '../../src/errors/client-errors.js';
import { containerCredentialsUrl, fromContainer } from '../../src/config/credentials/from-container.js';
import { tempDir } from './support/files.js';
import { errorOf } from './support/observe.js';
import { json, standIn } from './support/stand-in.js';

const CREDENTIALS = { AccessKeyId: 'AKID', SecretAccessKey: 'secret', Token: 'token', Expiration: '2031-01-01T00:00:00Z' };
const EXPECTED = { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date('2031-01-01T00:00:00Z') };

describe('containerCredentialsUrl (no request is sent)', () => {
  it('puts the relative URI under the ECS task metadata address, ahead of a full URI', () => {
    const url = containerCredentialsUrl({
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc-123',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/ignored',
    });
    expect(url?.href).toBe('http://169.254.170.2/v2/credentials/abc-123');
    expect(containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: 'v2/x' })?.href).toBe('http://169.254.170.2/v2/x');
    expect(containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '//evil.example/x' })?.host).toBe('169.254.170.2');
  });

  it('is undefined when neither variable is set (or both are empty)', () => {
    expect(containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '', AWS_CONTAINER_CREDENTIALS_FULL_URI: '' })).toBeUndefined();
  });

  it.each([
    'http://127.0.0.1:8080/creds',
    'http://127.42.0.1/creds',
    'http://localhost:9911/creds',
    'http://[::1]:9911/creds',
    'http://169.254.170.2/v2/credentials',
    'http://169.254.170.23/v1/credentials',
    'http://[fd00:ec2::23]/v1/credentials',
    'https://credentials.example.com/creds',
  ])('allows the full URI %s', (uri) => {
    expect(containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_FULL_URI: uri })?.href).toBe(new URL(uri).href);
  });

  it.each(['http://credentials.example.com/creds', 'http://169.254.169.254/latest', 'http://10.0.0.1/c', 'http://128.0.0.1/c', 'ftp://127.0.0.1/c'])(
    'refuses the full URI %s with a ConfigError',
    (uri) => {
      expect(() => containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_FULL_URI: uri })).toThrow(ConfigError);
    },
  );

  it('names neither the user info nor the path of a refused or invalid URI', () => {
    const refused = (uri: string): string => {
      try {
        containerCredentialsUrl({ AWS_CONTAINER_CREDENTIALS_FULL_URI: uri });
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(refused('http://user:SECRETPASS@example.com/SECRETPATH')).toMatch(/not http:\/\/example\.com$/);
    expect(refused('http://[SECRET')).toBe('AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL');
  });
});

describe('fromContainer (against a stand-in on 127.0.0.1)', () => {
  it('fetches the credentials with the authorization token', async () => {
    const server = await standIn((_request, response) => json(response, CREDENTIALS));
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.origin}/creds`, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'auth-token' };
    expect(await firstValueFrom(fromContainer({ env: env }))).toEqual(EXPECTED);
    expect(server.received).toMatchObject([{ method: 'GET', path: '/creds', headers: { authorization: 'auth-token' } }]);
  });

  it('reads the token file anew on each call, ahead of the token variable', async () => {
    const server = await standIn((_request, response) => json(response, CREDENTIALS));
    const tokenFile = join(tempDir(), 'token');
    const env = {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.origin}/creds`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ignored',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile,
    };
    writeFileSync(tokenFile, 'first\n');
    await firstValueFrom(fromContainer({ env: env }));
    writeFileSync(tokenFile, 'second');
    await firstValueFrom(fromContainer({ env: env }));
    expect(server.received.map((request) => request.headers.authorization)).toEqual(['first', 'second']);
  });

  it('fails with ConfigError when the token file cannot be read, before any request', async () => {
    const server = await standIn((_request, response) => json(response, CREDENTIALS));
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.origin, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(tempDir(), 'none') };
    expect(await errorOf(fromContainer({ env: env }))).toBeInstanceOf(ConfigError);
    expect(server.received).toHaveLength(0);
  });

  it('tries again after a 500', async () => {
    const server = await standIn((_request, response, index) => (index === 0 ? json(response, {}, 500) : json(response, CREDENTIALS)));
    expect(await firstValueFrom(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.origin } }))).toEqual(EXPECTED);
    expect(server.received).toHaveLength(2);
  });

  it('gives up after three attempts, and does not retry a 4xx', async () => {
    const failing = await standIn((_request, response) => json(response, {}, 503));
    const error = await errorOf(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: failing.origin } }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toContain('answered HTTP 503');
    expect(error.cause).toMatchObject({ statusCode: 503 });
    expect(failing.received).toHaveLength(3);
    const forbidden = await standIn((_request, response) => json(response, {}, 403));
    expect((await errorOf(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: forbidden.origin } }))).message).toContain('HTTP 403');
    expect(forbidden.received).toHaveLength(1);
  });

  it('times out each attempt after 1 s', async () => {
    const server = await standIn(() => {});
    const started = Date.now();
    const error = await errorOf(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.origin } }));
    expect(error.cause).toBeInstanceOf(DynamoDBTimeoutError);
    expect(server.received).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  });

  it('fails with NoCredentialsError on a response that is not credentials', async () => {
    const server = await standIn((_request, response) => json(response, { AccessKeyId: 'AKID' }));
    const error = await errorOf(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.origin } }));
    expect(error.message).toBe(`container credentials from ${server.origin}/: SecretAccessKey is missing`);
  });

  it('destroys the request when unsubscribed', async () => {
    const server = await standIn(() => {});
    const subscription = fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.origin } }).subscribe({ error: () => {} });
    await expect.poll(() => server.received.length).toBe(1);
    subscription.unsubscribe();
    await server.aborted;
  });

  it('fails with NoCredentialsError when neither variable is set, sending nothing', async () => {
    expect((await errorOf(fromContainer({ env: {} }))).message).toContain('neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor');
  });
});
