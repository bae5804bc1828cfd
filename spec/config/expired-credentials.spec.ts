// Temporary credentials that STS or the SSO portal hands out already expired (or with little life left): the
// client fails its calls with a clear NoCredentialsError instead of using them, and asks the service once, not
// once per call. Stand-ins on 127.0.0.1 count the requests; dynalite answers DynamoDB.
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { NoCredentialsError } from '../../src/errors/client-errors.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { isolatedEnv, tempDir } from './support/files.js';
import { roleCredentialsAnswer, ssoStandIn, writeSsoToken } from './support/sso-stand-in.js';
import { stsCredentialsXml, stsStandIn } from './support/sts-stand-in.js';

const MINUTE = 60_000;
const ROLE_PROFILE = '[profile base]\naws_access_key_id = BASE\naws_secret_access_key = base-secret\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n';
const SSO_PROFILE = '[profile dev]\nsso_start_url = https://d-123.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n';
const EXPIRED_MESSAGE = /^the credentials the source handed out had expired at .*: the source gave stale credentials, or this machine's clock is ahead \(check NTP\); the source is asked again 60 s later at the earliest$/;

describe('credentials handed out already expired, or about to expire', () => {
  let dynalite: LocalDynamo;
  beforeAll(async () => {
    dynalite = await startDynalite();
  });
  afterAll(async () => {
    await dynalite.close();
  });
  const roleCredentials = (lifetimeMs: number) => ({ accessKeyId: 'ASIAROLE', secretAccessKey: 'role-secret', sessionToken: 'role-token', expiration: new Date(Date.now() + lifetimeMs) });
  const listTables = (db: DynamoDB) => lastValueFrom(db.listTables().pipe(toArray()));
  const errorOf = (db: DynamoDB) => firstValueFrom(db.listTables()).catch((caught: unknown) => caught);

  it('STS AssumeRole answering with a past Expiration: each call fails with a NoCredentialsError, and STS is asked once', async () => {
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', roleCredentials(-10 * MINUTE)));
    const db = new DynamoDB({ endpoint: dynalite.endpoint, region: 'eu-west-1', profile: 'app', env: isolatedEnv({ config: ROLE_PROFILE }, { AWS_ENDPOINT_URL_STS: sts.origin }) });
    for (let call = 0; call < 5; call++) {
      const error = await errorOf(db);
      expect(error).toBeInstanceOf(NoCredentialsError);
      expect(error).toMatchObject({ action: 'ListTables', retryable: false, message: expect.stringMatching(EXPIRED_MESSAGE) });
    }
    expect(sts.calls).toHaveLength(1);
  });

  it('the SSO portal answering with a past expiration: the same, and the portal is asked once', async () => {
    const portal = await ssoStandIn(() => roleCredentialsAnswer(roleCredentials(-MINUTE)));
    const home = tempDir();
    writeSsoToken(home, 'https://d-123.awsapps.com/start', { startUrl: 'https://d-123.awsapps.com/start', region: 'eu-west-1', accessToken: 'access-token', expiresAt: new Date(Date.now() + 60 * MINUTE).toISOString() });
    const db = new DynamoDB({ endpoint: dynalite.endpoint, region: 'eu-west-1', profile: 'dev', env: isolatedEnv({ config: SSO_PROFILE }, { HOME: home, AWS_ENDPOINT_URL_SSO: portal.origin }) });
    for (let call = 0; call < 3; call++) expect(await errorOf(db)).toMatchObject({ code: 'NoCredentialsError', message: expect.stringMatching(EXPIRED_MESSAGE) });
    expect(portal.calls).toHaveLength(1);
  });

  it('credentials with less than the 5-minute refresh window left are used, and STS is not asked again on every call', async () => {
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', roleCredentials(4 * MINUTE)));
    const db = new DynamoDB({ endpoint: dynalite.endpoint, region: 'eu-west-1', profile: 'app', env: isolatedEnv({ config: ROLE_PROFILE }, { AWS_ENDPOINT_URL_STS: sts.origin }) });
    for (let call = 0; call < 5; call++) await listTables(db);
    expect(sts.calls).toHaveLength(1);
  });
});
