import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, MalformedResponseError, NoCredentialsError, NoProfileError } from '../../src/errors/client-errors.js';
import { CredentialServiceError } from '../../src/errors/credential-service-error.js';
import { fromSharedFiles } from '../../src/config/credentials/from-shared-files.js';
import { fromSso } from '../../src/config/credentials/from-sso.js';
import type { Env } from '../../src/config/env.js';
import { isolatedEnv, tempDir } from './support/files.js';
import { errorOf } from './support/observe.js';
import { jsonAnswer, restJsonError, roleCredentialsAnswer, ssoStandIn, writeSsoToken } from './support/sso-stand-in.js';
import type { Answer, ReceivedCall, ServiceStandIn } from './support/sts-stand-in.js';

const NOW = Date.UTC(2030, 5, 1, 12, 0, 0);
const HOUR = 3_600_000;
const START_URL = 'https://d-123.awsapps.com/start';
const LEGACY_URL = 'https://d-456.awsapps.com/start';
const ROLE_CREDENTIALS = { accessKeyId: 'ASIASSO', secretAccessKey: 'sso-role-secret', sessionToken: 'sso-role-token', expiration: new Date(NOW + HOUR) };
const CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-west-2

[sso-session corp]
sso_start_url = ${START_URL}
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = ${LEGACY_URL}
sso_region = eu-west-1
sso_account_id = 444455556666
sso_role_name = Admin
`;

/** A cached sso-session token expiring at `expiresAt`, with what a refresh needs unless `refreshable` is false. */
const sessionToken = (expiresAt: number, refreshable = true): Record<string, unknown> => ({
  startUrl: START_URL,
  region: 'eu-west-1',
  accessToken: 'access-token-1',
  expiresAt: new Date(expiresAt).toISOString(),
  ...(refreshable ? { clientId: 'client-id-1', clientSecret: 'client-secret-1', registrationExpiresAt: new Date(NOW + 90 * 24 * HOUR).toISOString(), refreshToken: 'refresh-token-1' } : {}),
});

interface Setup {
  env: Env;
  home: string;
  portal: ServiceStandIn<ReceivedCall>;
  oidc: ServiceStandIn<ReceivedCall>;
}

/** Shared files with the SSO profiles, HOME in a temp dir, and the portal and SSO-OIDC stand-ins. */
async function setup(oidcAnswer: (call: ReceivedCall) => Answer | Promise<Answer> = () => jsonAnswer({ accessToken: 'access-token-2', expiresIn: 28_800, refreshToken: 'refresh-token-2', tokenType: 'Bearer' })): Promise<Setup> {
  const [portal, oidc] = await Promise.all([ssoStandIn(() => roleCredentialsAnswer(ROLE_CREDENTIALS)), ssoStandIn(oidcAnswer)]);
  const home = tempDir();
  const env = isolatedEnv({ config: CONFIG }, { HOME: home, AWS_ENDPOINT_URL_SSO: portal.origin, AWS_ENDPOINT_URL_SSO_OIDC: oidc.origin });
  return { env, home, portal, oidc };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('fromSso', () => {
  it("gets the role's credentials from the portal with the sso-session's cached token (cache file: SHA-1 of the session name)", async () => {
    const { env, home, portal, oidc } = await setup();
    writeSsoToken(home, 'corp', sessionToken(NOW + HOUR));
    expect(await firstValueFrom(fromSso({ profile: 'dev', env }))).toEqual(ROLE_CREDENTIALS);
    const [call] = portal.calls as [ReceivedCall];
    expect(call.method).toBe('GET');
    expect(call.path).toBe('/federation/credentials?account_id=111122223333&role_name=ReadOnly');
    expect(call.headers['x-amz-sso_bearer_token']).toBe('access-token-1');
    expect(oidc.calls).toHaveLength(0);
  });

  it('reads a legacy profile (sso_start_url) with the cache file named by the SHA-1 of the start URL', async () => {
    const { env, home, portal } = await setup();
    writeSsoToken(home, LEGACY_URL, { startUrl: LEGACY_URL, region: 'eu-west-1', accessToken: 'legacy-token', expiresAt: '2030-06-01T13:00:00UTC' });
    expect(await firstValueFrom(fromSso({ profile: 'legacy', env }))).toEqual(ROLE_CREDENTIALS);
    expect(portal.calls[0]?.path).toBe('/federation/credentials?account_id=444455556666&role_name=Admin');
    expect(portal.calls[0]?.headers['x-amz-sso_bearer_token']).toBe('legacy-token');
  });

  it('refreshes a token that expires within 5 minutes through SSO-OIDC CreateToken, and writes it back', async () => {
    const { env, home, portal, oidc } = await setup();
    const file = writeSsoToken(home, 'corp', sessionToken(NOW + 4 * 60_000));
    await firstValueFrom(fromSso({ profile: 'dev', env }));
    const [create] = oidc.calls as [ReceivedCall];
    expect(create.method).toBe('POST');
    expect(create.path).toBe('/token');
    expect(JSON.parse(create.body)).toEqual({ clientId: 'client-id-1', clientSecret: 'client-secret-1', refreshToken: 'refresh-token-1', grantType: 'refresh_token' });
    expect(portal.calls[0]?.headers['x-amz-sso_bearer_token']).toBe('access-token-2');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      ...sessionToken(NOW),
      accessToken: 'access-token-2',
      expiresAt: new Date(NOW + 28_800_000).toISOString(),
      refreshToken: 'refresh-token-2',
    });
    // The written token is fresh: the next call reads it and refreshes nothing.
    await firstValueFrom(fromSso({ profile: 'dev', env }));
    expect(oidc.calls).toHaveLength(1);
    expect(portal.calls[1]?.headers['x-amz-sso_bearer_token']).toBe('access-token-2');
  });

  it('refreshes an expired token too, and keeps using a token that has not expired yet when the refresh fails', async () => {
    const failing = await setup(() => restJsonError(400, 'InvalidGrantException', { error: 'invalid_grant', error_description: 'Invalid refresh token provided' }));
    writeSsoToken(failing.home, 'corp', sessionToken(NOW + 60_000));
    await firstValueFrom(fromSso({ profile: 'dev', env: failing.env }));
    expect(failing.oidc.calls).toHaveLength(1);
    expect(failing.portal.calls[0]?.headers['x-amz-sso_bearer_token']).toBe('access-token-1');

    const expired = await setup();
    writeSsoToken(expired.home, 'corp', sessionToken(NOW - HOUR));
    await firstValueFrom(fromSso({ profile: 'dev', env: expired.env }));
    expect(expired.portal.calls[0]?.headers['x-amz-sso_bearer_token']).toBe('access-token-2');
  });

  it('says to run aws sso login when an expired token cannot be refreshed', async () => {
    const { env, home, portal } = await setup();
    writeSsoToken(home, 'corp', sessionToken(NOW - 1, false));
    const error = await errorOf(fromSso({ profile: 'dev', env }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toBe("the SSO token of sso-session 'corp' has expired and it cannot be refreshed: run `aws sso login --profile dev` to sign in again");
    writeSsoToken(home, LEGACY_URL, { accessToken: 'legacy-token', expiresAt: new Date(NOW - 1).toISOString() });
    expect((await errorOf(fromSso({ profile: 'legacy', env }))).message).toBe(
      `the SSO token of profile 'legacy' (${LEGACY_URL}) has expired and it cannot be refreshed: run \`aws sso login --profile legacy\` to sign in again`,
    );
    expect(portal.calls).toHaveLength(0);
  });

  it('says why the refresh failed and to run aws sso login when an expired token cannot be refreshed', async () => {
    const { env, home, portal } = await setup(() => restJsonError(400, 'InvalidGrantException', { error: 'invalid_grant', error_description: 'Invalid refresh token provided' }));
    writeSsoToken(home, 'corp', sessionToken(NOW - 1));
    const error = await errorOf(fromSso({ profile: 'dev', env }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toBe(
      "the SSO token of sso-session 'corp' has expired and refreshing it failed (SSO OIDC CreateToken failed: InvalidGrantException: Invalid refresh token provided): " +
        'run `aws sso login --profile dev` to sign in again',
    );
    expect(error.cause).toBeInstanceOf(CredentialServiceError);
    expect(portal.calls).toHaveLength(0);
  });

  it('shares one refresh among concurrent callers, so the refresh token is used once', async () => {
    let release = (): void => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { env, home, portal, oidc } = await setup(() => released.then(() => jsonAnswer({ accessToken: 'access-token-2', expiresIn: 3600 })));
    writeSsoToken(home, 'corp', sessionToken(NOW - 1));
    const callers = [firstValueFrom(fromSso({ profile: 'dev', env })), firstValueFrom(fromSharedFiles({ profile: 'dev', env }))];
    await vi.waitFor(() => expect(oidc.calls).toHaveLength(1));
    release();
    await Promise.all(callers);
    expect(oidc.calls).toHaveLength(1);
    expect(portal.calls.map((call) => call.headers['x-amz-sso_bearer_token'])).toEqual(['access-token-2', 'access-token-2']);
  });

  it('refuses times a Date cannot hold: a portal expiration past its range (never cacheable), a CreateToken expiresIn past a 32-bit integer', async () => {
    const { env, home } = await setup(() => jsonAnswer({ accessToken: 'access-token-2', expiresIn: 1e15 }));
    writeSsoToken(home, 'corp', sessionToken(NOW - 1));
    const refresh = await errorOf(fromSso({ profile: 'dev', env }));
    expect(refresh).toBeInstanceOf(NoCredentialsError);
    expect(refresh.message).toContain('refreshing it failed (SSO OIDC CreateToken answered with no expiresIn in whole seconds (a 32-bit integer))');
    writeSsoToken(home, 'corp', sessionToken(NOW + HOUR));
    const portal = await ssoStandIn(() => jsonAnswer({ roleCredentials: { ...ROLE_CREDENTIALS, expiration: 1e300 } }));
    const error = await errorOf(fromSso({ profile: 'dev', env: { ...env, AWS_ENDPOINT_URL_SSO: portal.origin } }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe('SSO GetRoleCredentials answered with no roleCredentials.expiration in epoch milliseconds');
  });

  it('says to sign in when no token is cached, and names an unusable cache file', async () => {
    const { env, home } = await setup();
    const missing = await errorOf(fromSso({ profile: 'dev', env }));
    expect(missing).toBeInstanceOf(NoCredentialsError);
    expect(missing.message).toMatch(/^no SSO token is cached for sso-session 'corp' \(.*\.json\): run `aws sso login --profile dev` to sign in again$/);
    writeSsoToken(home, 'corp', { accessToken: 'a' });
    const broken = await errorOf(fromSso({ profile: 'dev', env }));
    expect(broken).toBeInstanceOf(ConfigError);
    expect(broken.message).toMatch(/is unusable \(expiresAt is missing\)/);
  });

  it("turns the portal's UnauthorizedException into a CredentialServiceError that says to sign in again", async () => {
    const { env, home, portal } = await setup();
    writeSsoToken(home, 'corp', sessionToken(NOW + HOUR));
    const answer = restJsonError(401, 'UnauthorizedException', { message: 'Session token not found or invalid' });
    const failing = await ssoStandIn(() => answer);
    const error = await errorOf(fromSso({ profile: 'dev', env: { ...env, AWS_ENDPOINT_URL_SSO: failing.origin } }));
    expect(error).toBeInstanceOf(CredentialServiceError);
    expect(error).toMatchObject({ code: 'UnauthorizedException', service: 'SSO', action: 'GetRoleCredentials', statusCode: 401, retryable: false, requestId: 'sso-request-1' });
    expect(error.message).toBe('SSO GetRoleCredentials failed: UnauthorizedException: Session token not found or invalid. run `aws sso login --profile dev` to sign in again');
    expect(portal.calls).toHaveLength(0);
  });

  it.each([
    ['a profile that is not an SSO profile', '[profile dev]\nregion = us-east-1\n', "profile 'dev' has no SSO settings (sso_session, or sso_start_url and sso_region)"],
    ['a missing sso-session section', '[profile dev]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = r\n', "names sso_session 'nowhere', but"],
    ['a session without a start URL', '[profile dev]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n[sso-session s]\nsso_region = eu-west-1\n', 'has no sso_start_url'],
    [
      'a profile region other than its session',
      `[profile dev]\nsso_session = s\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = r\n[sso-session s]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\n`,
      "profile 'dev' sets sso_region other than its sso-session 's' does",
    ],
    ['no account', `[profile dev]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\nsso_role_name = r\n`, "SSO profile 'dev' has no sso_account_id"],
  ])('refuses %s with a ConfigError', async (_name, config, message) => {
    const home = tempDir();
    const error = await errorOf(fromSso({ profile: 'dev', env: isolatedEnv({ config }, { HOME: home }) }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
  });

  it('fails with NoProfileError for a profile in neither file', async () => {
    expect(await errorOf(fromSso({ profile: 'ghost', env: isolatedEnv({ config: CONFIG }) }))).toBeInstanceOf(NoProfileError);
  });
});
