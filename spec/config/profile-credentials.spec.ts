import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, NoCredentialsError } from '../../src/errors/client-errors.js';
import { defaultCredentialChain } from '../../src/config/credentials/chain.js';
import { fromSharedFiles } from '../../src/config/credentials/from-shared-files.js';
import type { Env } from '../../src/config/env.js';
import { isolatedEnv, tempDir } from './support/files.js';
import { errorOf } from './support/observe.js';
import { containerStandIn, metadataStandIn } from './support/stand-in.js';
import { referenceAuthorization, stsCredentialsXml, stsStandIn, type ServiceStandIn, type StsCall } from './support/sts-stand-in.js';

const ROLE = 'arn:aws:iam::123456789012:role/reader';
const EXPIRATION = new Date('2031-01-01T00:00:00Z');
const KEYS = (id: string): string => `aws_access_key_id = ${id}\naws_secret_access_key = secret-of-${id}\n`;

/** An STS stand-in whose role credentials have key id `ROLE<n>` for the n-th call (from 1). */
const numberedSts = (): Promise<ServiceStandIn<StsCall>> =>
  stsStandIn((call, index) =>
    stsCredentialsXml(call.params['Action'] as 'AssumeRole', { accessKeyId: `ROLE${index + 1}`, secretAccessKey: `role-secret-${index + 1}`, sessionToken: `role-token-${index + 1}`, expiration: EXPIRATION }),
  );

/** Shared files with `config`, STS at the stand-in, and `extra` variables. */
const filesEnv = (sts: { origin: string }, config: string, extra: Env = {}): Env => isolatedEnv({ config }, { AWS_ENDPOINT_URL_STS: sts.origin, ...extra });

/** The key id that signed a call. */
const signer = (call: StsCall | undefined): string | undefined => /Credential=([^/]+)\//.exec(String(call?.headers.authorization))?.[1];
/** The region a call was signed for. */
const signedRegion = (call: StsCall | undefined): string | undefined => /Credential=[^/]+\/\d{8}\/([^/]+)\/sts\//.exec(String(call?.headers.authorization))?.[1];

describe('profiles that assume a role', () => {
  it('assume role_arn with the keys of source_profile, passing role_session_name, external_id and duration_seconds', async () => {
    const sts = await numberedSts();
    const config = `[profile base]\n${KEYS('BASE')}[profile app]\nrole_arn = ${ROLE}\nsource_profile = base\nrole_session_name = app-session\nexternal_id = ext-1\nduration_seconds = 1800\n`;
    const credentials = await firstValueFrom(fromSharedFiles({ profile: 'app', env: filesEnv(sts, config) }));
    expect(credentials).toEqual({ accessKeyId: 'ROLE1', secretAccessKey: 'role-secret-1', sessionToken: 'role-token-1', expiration: EXPIRATION });
    const [call] = sts.calls as [StsCall];
    expect(call.params).toEqual({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: ROLE, RoleSessionName: 'app-session', ExternalId: 'ext-1', DurationSeconds: '1800' });
    expect(call.headers.authorization).toBe(await referenceAuthorization(call, { accessKeyId: 'BASE', secretAccessKey: 'secret-of-BASE' }, 'us-east-1', 'sts'));
  });

  it("signs for the role profile's region, else the caller's region, else the environment's", async () => {
    const sts = await numberedSts();
    const config = `[profile base]\n${KEYS('BASE')}[profile own]\nrole_arn = ${ROLE}\nsource_profile = base\nregion = eu-central-1\n[profile plain]\nrole_arn = ${ROLE}\nsource_profile = base\n`;
    const env = filesEnv(sts, config, { AWS_REGION: 'ap-south-1' });
    await firstValueFrom(fromSharedFiles({ profile: 'own', env, region: 'us-west-2' }));
    await firstValueFrom(fromSharedFiles({ profile: 'plain', env, region: 'us-west-2' }));
    await firstValueFrom(fromSharedFiles({ profile: 'plain', env }));
    expect(sts.calls.map(signedRegion)).toEqual(['eu-central-1', 'us-west-2', 'ap-south-1']);
  });

  it('follows a chain of source profiles, each role signing the next call', async () => {
    const sts = await numberedSts();
    const config = `[profile base]\n${KEYS('BASE')}[profile middle]\nrole_arn = ${ROLE}-middle\nsource_profile = base\n[profile top]\nrole_arn = ${ROLE}-top\nsource_profile = middle\n`;
    expect((await firstValueFrom(fromSharedFiles({ profile: 'top', env: filesEnv(sts, config) }))).accessKeyId).toBe('ROLE2');
    expect(sts.calls.map((call) => [call.params['RoleArn'], signer(call)])).toEqual([
      [`${ROLE}-middle`, 'BASE'],
      [`${ROLE}-top`, 'ROLE1'],
    ]);
  });

  it('uses its own keys when a profile names itself as source_profile, as the AWS CLI does', async () => {
    const sts = await numberedSts();
    const config = `[profile self]\n${KEYS('SELF')}role_arn = ${ROLE}\nsource_profile = self\n`;
    expect((await firstValueFrom(fromSharedFiles({ profile: 'self', env: filesEnv(sts, config) }))).accessKeyId).toBe('ROLE1');
    expect(signer(sts.calls[0])).toBe('SELF');
  });

  it('refuses a cycle of source profiles with a ConfigError naming them, sending nothing', async () => {
    const sts = await numberedSts();
    const config = `[profile a]\nrole_arn = ${ROLE}\nsource_profile = b\n[profile b]\nrole_arn = ${ROLE}\nsource_profile = c\n[profile c]\nrole_arn = ${ROLE}\nsource_profile = a\n[profile loop]\nrole_arn = ${ROLE}\nsource_profile = loop\n`;
    const error = await errorOf(fromSharedFiles({ profile: 'a', env: filesEnv(sts, config) }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe("source_profile settings form a cycle: 'a' -> 'b' -> 'c' -> 'a'; end the chain at a profile with keys or credential_source");
    expect((await errorOf(fromSharedFiles({ profile: 'loop', env: filesEnv(sts, config) }))).message).toContain("cycle: 'loop' -> 'loop'");
    expect(sts.calls).toHaveLength(0);
  });

  it('refuses mfa_serial: a library cannot prompt for a code', async () => {
    const sts = await numberedSts();
    const config = `[profile base]\n${KEYS('BASE')}[profile mfa]\nrole_arn = ${ROLE}\nsource_profile = base\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n`;
    const error = await errorOf(fromSharedFiles({ profile: 'mfa', env: filesEnv(sts, config) }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(/^profile 'mfa' sets mfa_serial: rx-dynamodb cannot prompt for an MFA code/);
    expect(sts.calls).toHaveLength(0);
  });

  it('takes the source credentials from credential_source Environment, EcsContainer or Ec2InstanceMetadata', async () => {
    const [sts, container, imds] = await Promise.all([numberedSts(), containerStandIn('CONTAINER'), metadataStandIn('IMDS')]);
    const config = ['Environment', 'EcsContainer', 'Ec2InstanceMetadata'].map((source) => `[profile ${source}]\nrole_arn = ${ROLE}\ncredential_source = ${source}\n`).join('');
    const env = filesEnv(sts, config, {
      AWS_ACCESS_KEY_ID: 'ENVKEY',
      AWS_SECRET_ACCESS_KEY: 'env-secret',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: container.origin,
      AWS_EC2_METADATA_DISABLED: 'false',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.origin,
    });
    for (const profile of ['Environment', 'EcsContainer', 'Ec2InstanceMetadata']) await firstValueFrom(fromSharedFiles({ profile, env }));
    expect(sts.calls.map(signer)).toEqual(['ENVKEY', 'CONTAINER', 'IMDS']);
  });

  it('takes a source profile that has only credential_source, as the AWS SDK v3 does', async () => {
    const sts = await numberedSts();
    const config = `[profile src]\ncredential_source = Environment\n[profile app]\nrole_arn = ${ROLE}\nsource_profile = src\n`;
    await firstValueFrom(fromSharedFiles({ profile: 'app', env: filesEnv(sts, config, { AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 's' }) }));
    expect(sts.calls.map(signer)).toEqual(['ENVKEY']);
  });

  it('fails when the credential source has nothing, or is unknown, or competes with source_profile', async () => {
    const sts = await numberedSts();
    const config = `[profile empty]\nrole_arn = ${ROLE}\ncredential_source = Environment\n[profile odd]\nrole_arn = ${ROLE}\ncredential_source = Lambda\n[profile both]\nrole_arn = ${ROLE}\ncredential_source = Environment\nsource_profile = empty\n`;
    const env = filesEnv(sts, config);
    const empty = await errorOf(fromSharedFiles({ profile: 'empty', env }));
    expect(empty).toBeInstanceOf(NoCredentialsError);
    expect(empty.message).toBe("credential_source Environment of profile 'empty' has no credentials: environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    expect((await errorOf(fromSharedFiles({ profile: 'odd', env }))).message).toBe("credential_source of profile 'odd' must be one of Environment, Ec2InstanceMetadata, EcsContainer");
    expect((await errorOf(fromSharedFiles({ profile: 'both', env }))).message).toBe("profile 'both' sets both source_profile and credential_source: keep one");
    expect(sts.calls).toHaveLength(0);
  });

  it('refuses role_arn with nothing to assume it with, and a source_profile that does not exist', async () => {
    const sts = await numberedSts();
    const config =
      `[profile alone]\n${KEYS('ALONE')}role_arn = ${ROLE}\n[profile orphan]\nrole_arn = ${ROLE}\nsource_profile = ghost\n[profile bad]\nrole_arn = reader\nsource_profile = alone\n` +
      `[profile long]\nrole_arn = ${ROLE}\nsource_profile = alone\nduration_seconds = 1h\n`;
    const env = filesEnv(sts, config);
    expect((await errorOf(fromSharedFiles({ profile: 'alone', env }))).message).toBe(
      "profile 'alone' sets role_arn but none of source_profile, credential_source or web_identity_token_file to assume it with",
    );
    expect((await errorOf(fromSharedFiles({ profile: 'orphan', env }))).message).toMatch(/^profile 'orphan' names source_profile 'ghost', which is in neither /);
    expect((await errorOf(fromSharedFiles({ profile: 'bad', env }))).message).toMatch(/^role_arn of profile 'bad' must be a role ARN/);
    expect((await errorOf(fromSharedFiles({ profile: 'long', env }))).message).toBe("duration_seconds of profile 'long' must be a whole number of seconds from 900 to 43200");
    expect(sts.calls).toHaveLength(0);
  });
});

describe('profiles with web identity', () => {
  it('call AssumeRoleWithWebIdentity with web_identity_token_file, role_arn and role_session_name', async () => {
    const sts = await numberedSts();
    const tokenFile = join(tempDir(), 'token');
    writeFileSync(tokenFile, 'profile-token');
    const config = `[default]\nweb_identity_token_file = ${tokenFile}\nrole_arn = ${ROLE}\nrole_session_name = from-profile\n`;
    expect((await firstValueFrom(fromSharedFiles({ env: filesEnv(sts, config) }))).accessKeyId).toBe('ROLE1');
    expect(sts.calls[0]?.params).toEqual({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'from-profile',
      WebIdentityToken: 'profile-token',
    });
    expect(sts.calls[0]?.headers.authorization).toBeUndefined();
  });

  it('name the profile setting when the token file cannot be read, and need role_arn', async () => {
    const sts = await numberedSts();
    const env = filesEnv(sts, `[profile gone]\nweb_identity_token_file = /nonexistent/token\nrole_arn = ${ROLE}\n[profile norole]\nweb_identity_token_file = /t\n`);
    expect((await errorOf(fromSharedFiles({ profile: 'gone', env }))).message).toBe(
      "cannot read the web identity token file /nonexistent/token (web_identity_token_file of profile 'gone'): ENOENT",
    );
    expect((await errorOf(fromSharedFiles({ profile: 'norole', env }))).message).toBe("profile 'norole' sets web_identity_token_file but no role_arn to assume with it");
  });
});

describe('precedence within a profile, as the AWS SDK v3 decides it', () => {
  it('a role (role_arn with source_profile) wins over static keys in the first profile', async () => {
    const sts = await numberedSts();
    const config = `[profile base]\n${KEYS('BASE')}[profile both]\n${KEYS('OWN')}role_arn = ${ROLE}\nsource_profile = base\n`;
    expect((await firstValueFrom(defaultCredentialChain({ profile: 'both', env: filesEnv(sts, config) }))).accessKeyId).toBe('ROLE1');
    expect(signer(sts.calls[0])).toBe('BASE');
  });

  it.each(['sso_session = corp', 'sso_start_url = https://d-123.awsapps.com/start', `web_identity_token_file = /nonexistent/token`, `credential_process = exit 1`])(
    'static keys win over %s',
    async (settings) => {
      const sts = await numberedSts();
      const env = filesEnv(sts, `[default]\n${KEYS('STATIC')}${settings}\n`);
      expect(await firstValueFrom(fromSharedFiles({ env }))).toEqual({ accessKeyId: 'STATIC', secretAccessKey: 'secret-of-STATIC' });
      expect(sts.calls).toHaveLength(0);
    },
  );
});
