import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, MalformedResponseError, NoCredentialsError, ResponseTooLargeError } from '../../src/errors/client-errors.js';
import { CredentialServiceError } from '../../src/errors/credential-service-error.js';
import { cacheCredentials } from '../../src/config/credentials/cache.js';
import { fromWebIdentity } from '../../src/config/credentials/from-web-identity.js';
import { isolatedEnv, tempDir } from './support/files.js';
import { errorOf } from './support/observe.js';
import { stsCredentialsXml, stsErrorXml, stsStandIn, type Answer, type StsCall } from './support/sts-stand-in.js';
import { views } from '../support/views.js';

const ROLE = 'arn:aws:iam::123456789012:role/orders-reader';
const EXPIRATION = new Date('2031-01-01T00:00:00Z');
const ROLE_CREDENTIALS = { accessKeyId: 'ASIAWEBIDENTITY', secretAccessKey: 'role-secret', sessionToken: 'role-token', expiration: EXPIRATION };
const ok = (): Answer => stsCredentialsXml('AssumeRoleWithWebIdentity', ROLE_CREDENTIALS);

/** A token file with `token` in a temp dir, and an environment pointing at it, at the STS stand-in and at `extra`. */
function webIdentityEnv(sts: { origin: string }, token = 'eyJ.token-1.sig', extra: Record<string, string> = {}): { env: Record<string, string | undefined>; tokenFile: string } {
  const tokenFile = join(tempDir(), 'token');
  writeFileSync(tokenFile, `${token}\n`);
  const env = isolatedEnv({}, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: ROLE, AWS_ENDPOINT_URL_STS: sts.origin, ...extra });
  return { env, tokenFile };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fromWebIdentity', () => {
  it('calls AssumeRoleWithWebIdentity, unsigned, with the environment settings and the token file, and reads the XML answer', async () => {
    const sts = await stsStandIn(ok);
    const { env } = webIdentityEnv(sts, 'eyJ.token-1.sig', { AWS_ROLE_SESSION_NAME: 'orders-api' });
    expect(await firstValueFrom(fromWebIdentity({ env }))).toEqual(ROLE_CREDENTIALS);
    const [call] = sts.calls as [StsCall];
    expect(call.method).toBe('POST');
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=utf-8');
    expect(call.headers.authorization).toBeUndefined();
    expect(call.params).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'orders-api',
      WebIdentityToken: 'eyJ.token-1.sig',
    });
  });

  it('takes its options over the environment, and makes a session name when none is given', async () => {
    const sts = await stsStandIn(ok);
    const { env } = webIdentityEnv(sts, 'env-token');
    const own = join(tempDir(), 'own-token');
    writeFileSync(own, 'own-token');
    const otherRole = 'arn:aws:iam::123456789012:role/other';
    await firstValueFrom(fromWebIdentity({ env, roleArn: otherRole, webIdentityTokenFile: own, roleSessionName: 'mine', durationSeconds: 900 }));
    await firstValueFrom(fromWebIdentity({ env }));
    expect(sts.calls[0]?.params).toMatchObject({ RoleArn: otherRole, WebIdentityToken: 'own-token', RoleSessionName: 'mine', DurationSeconds: '900' });
    expect(sts.calls[1]?.params['RoleSessionName']).toMatch(/^rx-dynamodb-\d+$/);
    expect(sts.calls[1]?.params).not.toHaveProperty('DurationSeconds');
  });

  it('reads the token file anew for each request, so a rotated token is used', async () => {
    const sts = await stsStandIn(ok);
    const { env, tokenFile } = webIdentityEnv(sts, 'first-token');
    const credentials = fromWebIdentity({ env });
    await firstValueFrom(credentials);
    writeFileSync(tokenFile, 'rotated-token');
    await firstValueFrom(credentials);
    expect(sts.calls.map((call) => call.params['WebIdentityToken'])).toEqual(['first-token', 'rotated-token']);
  });

  it('is cached until 5 minutes before expiry (in virtual time), then refreshed with the rotated token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.UTC(2030, 0, 1, 12, 0, 0);
    vi.setSystemTime(start);
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRoleWithWebIdentity', { ...ROLE_CREDENTIALS, expiration: new Date(Date.now() + 3_600_000) }));
    const { env, tokenFile } = webIdentityEnv(sts, 'first-token');
    const cached = cacheCredentials(fromWebIdentity({ env }));
    await firstValueFrom(cached);
    writeFileSync(tokenFile, 'rotated-token');
    vi.setSystemTime(start + 54 * 60_000);
    await firstValueFrom(cached);
    expect(sts.calls).toHaveLength(1);
    vi.setSystemTime(start + 56 * 60_000);
    const refreshed = await firstValueFrom(cached);
    expect(sts.calls.map((call) => call.params['WebIdentityToken'])).toEqual(['first-token', 'rotated-token']);
    expect(refreshed.expiration).toEqual(new Date(start + 56 * 60_000 + 3_600_000));
  });

  it('shares one STS call among concurrent callers of the cache', async () => {
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sts = await stsStandIn(() => released.then(ok));
    const { env } = webIdentityEnv(sts);
    const cached = cacheCredentials(fromWebIdentity({ env }));
    const callers = Array.from({ length: 5 }, () => firstValueFrom(cached));
    await vi.waitFor(() => expect(sts.calls).toHaveLength(1));
    release();
    expect(await Promise.all(callers)).toEqual(Array.from({ length: 5 }, () => ROLE_CREDENTIALS));
    expect(sts.calls).toHaveLength(1);
  });

  it('has nothing (NoCredentialsError naming what is missing) without a token file or a role', async () => {
    const env = isolatedEnv();
    expect((await errorOf(fromWebIdentity({ env }))).message).toBe(
      'no AWS credentials: web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set',
    );
    const roleOnly = await errorOf(fromWebIdentity({ env: { ...env, AWS_ROLE_ARN: ROLE } }));
    expect(roleOnly).toBeInstanceOf(NoCredentialsError);
    expect(roleOnly.message).toContain('AWS_WEB_IDENTITY_TOKEN_FILE is not set');
  });

  it('fails with a ConfigError naming the token file when it is missing or empty, sending nothing', async () => {
    const sts = await stsStandIn(ok);
    const { env, tokenFile } = webIdentityEnv(sts);
    const missing = await errorOf(fromWebIdentity({ env: { ...env, AWS_WEB_IDENTITY_TOKEN_FILE: `${tokenFile}.gone` } }));
    expect(missing).toBeInstanceOf(ConfigError);
    expect(missing.message).toBe(`cannot read the web identity token file ${tokenFile}.gone (AWS_WEB_IDENTITY_TOKEN_FILE): ENOENT`);
    writeFileSync(tokenFile, ' \n');
    expect((await errorOf(fromWebIdentity({ env }))).message).toContain('is empty');
    expect(sts.calls).toHaveLength(0);
  });

  it('refuses a token file larger than the longest token STS takes (20,000 characters), reading 64 KiB of it at most, sending nothing', async () => {
    const sts = await stsStandIn(ok);
    const { env, tokenFile } = webIdentityEnv(sts, 'x'.repeat(20_000));
    expect(await firstValueFrom(fromWebIdentity({ env }))).toEqual(ROLE_CREDENTIALS);
    for (const content of ['x'.repeat(20_001), 'y'.repeat(20 * 1024 * 1024), '\u{1F600}'.repeat(17_000)]) {
      writeFileSync(tokenFile, content);
      const error = await errorOf(fromWebIdentity({ env }));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(
        `the web identity token file ${tokenFile} (AWS_WEB_IDENTITY_TOKEN_FILE) holds more than the 20000 characters of the longest token STS takes: ` +
          'check that it names the token file (on EKS, /var/run/secrets/eks.amazonaws.com/serviceaccount/token)',
      );
    }
    expect(sts.calls).toHaveLength(1);
  });

  it('a refused token of thousands of symbols: the refusal, with none of the token in any view of it (its pattern once crashed the process)', async () => {
    const token = 'ab.'.repeat(6000);
    const sts = await stsStandIn(() => stsErrorXml(400, 'InvalidIdentityToken', `Incorrect token audience in ${token}`));
    const { env } = webIdentityEnv(sts, token);
    const error = await errorOf(fromWebIdentity({ env }));
    expect(error).toBeInstanceOf(CredentialServiceError);
    expect(error.message).toBe('STS AssumeRoleWithWebIdentity failed: InvalidIdentityToken: Incorrect token audience in [redacted]');
    for (const view of views(error)) expect(view).not.toContain('ab.ab.');
    expect(sts.calls[0]?.params['WebIdentityToken']).toBe(token);
  });

  it('refuses settings STS would refuse before sending anything, naming where they came from', async () => {
    const sts = await stsStandIn(ok);
    const { env } = webIdentityEnv(sts);
    expect((await errorOf(fromWebIdentity({ env: { ...env, AWS_ROLE_ARN: 'reader' } }))).message).toMatch(/^AWS_ROLE_ARN must be a role ARN/);
    expect((await errorOf(fromWebIdentity({ env: { ...env, AWS_ROLE_SESSION_NAME: 'has space' } }))).message).toMatch(/^AWS_ROLE_SESSION_NAME must be 2 to 64/);
    expect((await errorOf(fromWebIdentity({ env: { ...env, AWS_ROLE_SESSION_NAME: 'ok' }, roleSessionName: 'has space' }))).message).toMatch(/^options\.roleSessionName: must be 2 to 64/);
    expect((await errorOf(fromWebIdentity({ env, roleArn: 'reader' }))).message).toMatch(/^options\.roleArn: must be a role ARN/);
    expect(sts.calls).toHaveLength(0);
  });

  it.each([
    [400, 'InvalidIdentityToken', 'Couldn\'t retrieve verification key from your identity provider'],
    [400, 'ExpiredTokenException', 'Token expired: current date/time 1700000000 must be before the expiration date/time 1600000000'],
    [403, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'],
    [403, 'RegionDisabledException', 'STS is not activated in this region for account:123456789012'],
  ])('turns HTTP %i %s into a CredentialServiceError with that code, not retried', async (status, code, message) => {
    const sts = await stsStandIn(() => stsErrorXml(status, code, message));
    const { env } = webIdentityEnv(sts);
    const error = await errorOf(fromWebIdentity({ env }));
    expect(error).toBeInstanceOf(CredentialServiceError);
    expect(error).toMatchObject({ code, service: 'STS', action: 'AssumeRoleWithWebIdentity', statusCode: status, retryable: false });
    expect(error).toMatchObject({ requestId: '01234567-89ab-cdef-0123-456789abcdef' });
    expect(error.message).toBe(`STS AssumeRoleWithWebIdentity failed: ${code}: ${message}`);
    expect(sts.calls).toHaveLength(1);
  });

  it('retries IDPCommunicationError, as the AWS SDK does, and a 5xx', async () => {
    const sts = await stsStandIn((_call, index) =>
      index === 0 ? stsErrorXml(400, 'IDPCommunicationError', 'The identity provider could not be reached') : index === 1 ? { status: 503, body: 'busy' } : ok(),
    );
    const { env } = webIdentityEnv(sts);
    expect(await firstValueFrom(fromWebIdentity({ env }))).toEqual(ROLE_CREDENTIALS);
    expect(sts.calls).toHaveLength(3);
  });

  it('gives up on IDPCommunicationError after three attempts, with a retryable error', async () => {
    const sts = await stsStandIn(() => stsErrorXml(400, 'IDPCommunicationError', 'unreachable'));
    const { env } = webIdentityEnv(sts);
    expect(await errorOf(fromWebIdentity({ env }))).toMatchObject({ code: 'IDPCommunicationError', retryable: true });
    expect(sts.calls).toHaveLength(3);
  });

  it('reads entity-escaped values, and refuses malformed or incomplete answers with a MalformedResponseError', async () => {
    const escaped = { ...ROLE_CREDENTIALS, secretAccessKey: 'a&amp;b&lt;c&#x2F;d', sessionToken: 'tok&quot;en' };
    let answer: Answer = stsCredentialsXml('AssumeRoleWithWebIdentity', escaped);
    const sts = await stsStandIn(() => answer);
    const { env } = webIdentityEnv(sts);
    expect(await firstValueFrom(fromWebIdentity({ env }))).toMatchObject({ secretAccessKey: 'a&b<c/d', sessionToken: 'tok"en' });
    for (const [body, problem] of [
      ['<AssumeRoleWithWebIdentityResponse><Unclosed></AssumeRoleWithWebIdentityResponse>', 'malformed XML: closing tag does not match'],
      ['{"json":"mode"}', 'malformed XML'],
      ['<AssumeRoleResponse/>', 'an unexpected document instead of <AssumeRoleWithWebIdentityResponse>'],
      [stsCredentialsXml('AssumeRoleWithWebIdentity', ROLE_CREDENTIALS).body.replace(/<SessionToken>.*<\/SessionToken>/, ''), 'no AssumeRoleWithWebIdentityResult/Credentials/SessionToken'],
      [stsCredentialsXml('AssumeRoleWithWebIdentity', ROLE_CREDENTIALS).body.replace(/<Expiration>.*<\/Expiration>/, '<Expiration>soon</Expiration>'), 'an Expiration that is not a date'],
    ] as const) {
      answer = { body };
      const error = await errorOf(fromWebIdentity({ env }));
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect(error.message).toContain(problem);
    }
  });

  it('stops reading an answer past 1 MiB, which no STS answer comes near', async () => {
    const sts = await stsStandIn(() => ({ body: `<AssumeRoleWithWebIdentityResponse>${' '.repeat(2 * 1024 * 1024)}` }));
    const { env } = webIdentityEnv(sts);
    const error = await errorOf(fromWebIdentity({ env }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toMatch(/^STS AssumeRoleWithWebIdentity at http:\/\/127\.0\.0\.1:\d+\/ failed: http:\/\/127\.0\.0\.1:\d+\/ answered with more than 1048576 bytes$/);
    expect(error.cause).toBeInstanceOf(ResponseTooLargeError);
    expect(sts.calls).toHaveLength(1);
  });

  it('fails with a NoCredentialsError naming STS when it cannot be reached', async () => {
    const sts = await stsStandIn(ok);
    const { env } = webIdentityEnv(sts, 'token', { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' });
    const error = await errorOf(fromWebIdentity({ env }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toMatch(/^STS AssumeRoleWithWebIdentity at http:\/\/127\.0\.0\.1:9\/ failed: .*ECONNREFUSED/);
  });
});
