import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { defaultCredentialChain } from '../../src/config/credentials/chain.js';
import type { Env } from '../../src/config/env.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { isolatedEnv, tempDir } from './support/files.js';
import { roleCredentialsAnswer, ssoStandIn, writeSsoToken } from './support/sso-stand-in.js';
import { containerStandIn, metadataStandIn } from './support/stand-in.js';
import { stsCredentialsXml, stsStandIn, type ServiceStandIn, type StsCall } from './support/sts-stand-in.js';

// The AWS SDK v3's defaultProvider (@aws-sdk/credential-provider-node 3.972) tries fromEnv, fromIni (the
// shared files, with roles, web identity profiles, credential_process and SSO), fromProcess, fromTokenFile
// (web identity from the environment), then the container and instance metadata: one spec per pair that matters.

const ROLE = 'arn:aws:iam::123456789012:role/pod-role';
const EXPIRATION = new Date('2031-01-01T00:00:00Z');
const KEYS = (id: string): string => `aws_access_key_id = ${id}\naws_secret_access_key = s\n`;

/** An STS stand-in answering every credentials action with key id `STS-<Action>`. */
const sts = (): Promise<ServiceStandIn<StsCall>> =>
  stsStandIn((call) => {
    const action = call.params['Action'] as 'AssumeRole' | 'AssumeRoleWithWebIdentity';
    return stsCredentialsXml(action, { accessKeyId: `STS-${action}`, secretAccessKey: 's', sessionToken: 't', expiration: EXPIRATION });
  });

/** Web identity variables (token file in a temp dir) and STS at the stand-in, over `files` and `extra`. */
function webIdentityEnv(stsOrigin: string, files: { credentials?: string; config?: string } = {}, extra: Env = {}): Env {
  const tokenFile = join(tempDir(), 'token');
  writeFileSync(tokenFile, 'pod-token');
  return isolatedEnv(files, { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: ROLE, AWS_ENDPOINT_URL_STS: stsOrigin, ...extra });
}

const keyOf = async (env: Env, profile?: string): Promise<string> =>
  (await firstValueFrom(defaultCredentialChain({ env, ...(profile === undefined ? {} : { profile }) }))).accessKeyId;

describe('the default chain, in the AWS SDK v3 order', () => {
  it('environment keys win over web identity from the environment', async () => {
    const server = await sts();
    expect(await keyOf(webIdentityEnv(server.origin, {}, { AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 's' }))).toBe('ENV');
    expect(server.calls).toHaveLength(0);
  });

  it('the shared files win over web identity from the environment, as in the AWS SDK v3', async () => {
    const server = await sts();
    expect(await keyOf(webIdentityEnv(server.origin, { credentials: `[default]\n${KEYS('FILE')}` }))).toBe('FILE');
    expect(server.calls).toHaveLength(0);
  });

  it('web identity from the environment wins over the container and the instance metadata', async () => {
    const [server, container, imds] = await Promise.all([sts(), containerStandIn('CONTAINER'), metadataStandIn('IMDS')]);
    const env = webIdentityEnv(server.origin, { config: '[default]\nregion = eu-west-1\n' }, {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: container.origin,
      AWS_EC2_METADATA_DISABLED: 'false',
      AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.origin,
    });
    expect(await keyOf(env)).toBe('STS-AssumeRoleWithWebIdentity');
    expect(server.calls[0]?.params['WebIdentityToken']).toBe('pod-token');
    expect(container.received).toHaveLength(0);
    expect(imds.received).toHaveLength(0);
  });

  it('a named profile with a role wins over environment keys and web identity', async () => {
    const server = await sts();
    const config = `[profile base]\n${KEYS('BASE')}[profile app]\nrole_arn = ${ROLE}\nsource_profile = base\n`;
    const env = webIdentityEnv(server.origin, { config }, { AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE: 'app' });
    expect(await keyOf(env)).toBe('STS-AssumeRole');
    expect(server.calls.map((call) => call.params['Action'])).toEqual(['AssumeRole']);
  });

  it('an SSO profile is read from the shared files, before web identity and the container', async () => {
    const [server, portal, container] = await Promise.all([
      sts(),
      ssoStandIn(() => roleCredentialsAnswer({ accessKeyId: 'SSO', secretAccessKey: 's', sessionToken: 't', expiration: EXPIRATION })),
      containerStandIn('CONTAINER'),
    ]);
    const home = tempDir();
    writeSsoToken(home, 'corp', { accessToken: 'access', expiresAt: '2099-01-01T00:00:00Z' });
    const config = '[default]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n[sso-session corp]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = eu-west-1\n';
    const env = webIdentityEnv(server.origin, { config }, { HOME: home, AWS_ENDPOINT_URL_SSO: portal.origin, AWS_CONTAINER_CREDENTIALS_FULL_URI: container.origin });
    expect(await keyOf(env)).toBe('SSO');
    expect(server.calls).toHaveLength(0);
    expect(container.received).toHaveLength(0);
  });

  it('falls through web identity when only AWS_ROLE_ARN is set, as the AWS SDK v3 does', async () => {
    const container = await containerStandIn('CONTAINER');
    const env = isolatedEnv({}, { AWS_ROLE_ARN: ROLE, AWS_CONTAINER_CREDENTIALS_FULL_URI: container.origin });
    expect(await keyOf(env)).toBe('CONTAINER');
  });
});

describe('a client on dynalite with a role profile', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(() => dynamo.close());

  it("assumes the role once for several calls (the client caches), signing STS for the client's region", async () => {
    const server = await sts();
    const config = `[profile base]\n${KEYS('BASE')}[profile app]\nrole_arn = ${ROLE}\nsource_profile = base\n`;
    const env = isolatedEnv({ config }, { AWS_ENDPOINT_URL_STS: server.origin });
    const db = new DynamoDB({ endpoint: dynamo.endpoint, region: 'eu-north-1', profile: 'app', env });
    await firstValueFrom(db.listTables().pipe(toArray()));
    await firstValueFrom(db.listTables().pipe(toArray()));
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.headers.authorization).toMatch(/Credential=BASE\/\d{8}\/eu-north-1\/sts\/aws4_request/);
  });
});
