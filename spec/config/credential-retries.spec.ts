// A credential source's failure is not retried by the call that waited for it: the source has tried its own
// service already (STS's request gets its 3 attempts), as in the AWS SDK v3, which resolves credentials outside
// its retry loop. Before, each of the call's retries asked STS again: 12 AssumeRole requests for one call.
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { CredentialServiceError } from '../../src/errors/credential-service-error.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { isolatedEnv } from './support/files.js';
import { stsStandIn } from './support/sts-stand-in.js';

const ROLE_PROFILE = '[profile base]\naws_access_key_id = BASE\naws_secret_access_key = base-secret\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n';

describe('a credential source that keeps failing', () => {
  let dynalite: LocalDynamo;
  beforeAll(async () => {
    dynalite = await startDynalite();
  });
  afterAll(async () => {
    await dynalite.close();
  });

  it("fails the call after the source's own attempts: STS answering 502 is asked 3 times for one call, not once per retry", async () => {
    const sts = await stsStandIn(() => ({ status: 502, body: '<html><body>502 Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }));
    const db = new DynamoDB({ endpoint: dynalite.endpoint, region: 'eu-west-1', profile: 'app', maxRetries: 3, env: isolatedEnv({ config: ROLE_PROFILE }, { AWS_ENDPOINT_URL_STS: sts.origin }) });
    const error = await firstValueFrom(db.listTables()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialServiceError);
    expect(error).toMatchObject({ service: 'STS', retryable: true });
    expect(sts.calls).toHaveLength(3);
  });
});
