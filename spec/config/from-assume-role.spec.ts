import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { CredentialServiceError } from '../../src/errors/credential-service-error.js';
import { fromAssumeRole } from '../../src/config/credentials/from-assume-role.js';
import { isolatedEnv } from './support/files.js';
import { errorOf } from './support/observe.js';
import { referenceAuthorization, stsCredentialsXml, stsErrorXml, stsStandIn, type StsCall } from './support/sts-stand-in.js';

const ROLE = 'arn:aws:iam::123456789012:role/reader';
const SOURCE = { accessKeyId: 'ASIASOURCE', secretAccessKey: 'source-secret/+=', sessionToken: 'source-session-token' };
const ROLE_CREDENTIALS = { accessKeyId: 'ASIAROLE', secretAccessKey: 'role-secret', sessionToken: 'role-token', expiration: new Date('2031-01-01T00:00:00Z') };

describe('fromAssumeRole', () => {
  it('calls AssumeRole signed with SigV4 for sts by the source credentials, as the AWS SDK signs it', async () => {
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', ROLE_CREDENTIALS));
    const env = isolatedEnv({}, { AWS_ENDPOINT_URL_STS: sts.origin });
    const credentials = await firstValueFrom(
      fromAssumeRole({ roleArn: ROLE, sourceCredentials: SOURCE, roleSessionName: 'nightly', externalId: 'ext-42', durationSeconds: 7200, region: 'eu-west-1', env }),
    );
    expect(credentials).toEqual(ROLE_CREDENTIALS);
    const [call] = sts.calls as [StsCall];
    expect(call.params).toEqual({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: ROLE,
      RoleSessionName: 'nightly',
      ExternalId: 'ext-42',
      DurationSeconds: '7200',
    });
    expect(call.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIASOURCE\/\d{8}\/eu-west-1\/sts\/aws4_request, SignedHeaders=[^,]*x-amz-security-token[^,]*, Signature=[0-9a-f]{64}$/);
    expect(call.headers['x-amz-security-token']).toBe(SOURCE.sessionToken);
    expect(call.headers.authorization).toBe(await referenceAuthorization(call, SOURCE, 'eu-west-1', 'sts'));
  });

  it('takes a provider for the source, and defaults the session name', async () => {
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', ROLE_CREDENTIALS));
    const env = isolatedEnv({}, { AWS_ENDPOINT_URL_STS: sts.origin, AWS_REGION: 'ap-south-1' });
    await firstValueFrom(fromAssumeRole({ roleArn: ROLE, sourceCredentials: () => of({ accessKeyId: 'AKIDPROVIDED', secretAccessKey: 's' }), env }));
    const [call] = sts.calls as [StsCall];
    expect(call.params['RoleSessionName']).toMatch(/^rx-dynamodb-\d+$/);
    expect(call.headers.authorization).toContain('Credential=AKIDPROVIDED/');
    expect(call.headers.authorization).toContain('/ap-south-1/sts/aws4_request');
    expect(call.headers['x-amz-security-token']).toBeUndefined();
  });

  it('uses the default chain for the source when none is given', async () => {
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', ROLE_CREDENTIALS));
    const env = isolatedEnv({}, { AWS_ENDPOINT_URL_STS: sts.origin, AWS_ACCESS_KEY_ID: 'AKIDFROMENV', AWS_SECRET_ACCESS_KEY: 'env-secret' });
    await firstValueFrom(fromAssumeRole({ roleArn: ROLE, env }));
    expect(sts.calls[0]?.headers.authorization).toContain('Credential=AKIDFROMENV/');
  });

  it.each([
    ['roleArn', { roleArn: 'reader' }, 'options.roleArn: must be a role ARN'],
    ['roleSessionName', { roleArn: ROLE, roleSessionName: 'a' }, 'options.roleSessionName: must be 2 to 64'],
    ['durationSeconds', { roleArn: ROLE, durationSeconds: 50_000 }, 'options.durationSeconds: must be an integer from 900 to 43200, got 50000'],
  ])('refuses a bad %s with an InvalidParameterError naming it, sending nothing', async (_name, options, message) => {
    const sts = await stsStandIn(() => stsCredentialsXml('AssumeRole', ROLE_CREDENTIALS));
    const error = await errorOf(fromAssumeRole({ ...options, sourceCredentials: SOURCE, env: isolatedEnv({}, { AWS_ENDPOINT_URL_STS: sts.origin }) }));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toContain(message);
    expect(sts.calls).toHaveLength(0);
  });

  it.each([
    [403, 'AccessDenied', 'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/reader'],
    [400, 'ExpiredTokenException', 'The security token included in the request is expired'],
    [403, 'RegionDisabledException', 'STS is not activated in this region for account:123456789012'],
  ])('turns HTTP %i %s into a CredentialServiceError with that code', async (status, code, message) => {
    const sts = await stsStandIn(() => stsErrorXml(status, code, message));
    const error = await errorOf(fromAssumeRole({ roleArn: ROLE, sourceCredentials: SOURCE, env: isolatedEnv({}, { AWS_ENDPOINT_URL_STS: sts.origin }) }));
    expect(error).toBeInstanceOf(CredentialServiceError);
    expect(error).toMatchObject({ code, statusCode: status, action: 'AssumeRole', service: 'STS', retryable: false });
    expect(error.message).toBe(`STS AssumeRole failed: ${code}: ${message}`);
  });

  it("blanks the source's secret and session token where STS quotes them", async () => {
    const quoted = `bad token ${SOURCE.sessionToken} or ${encodeURIComponent(SOURCE.secretAccessKey)}`;
    const sts = await stsStandIn(() => stsErrorXml(400, 'InvalidClientTokenId', quoted));
    const error = await errorOf(fromAssumeRole({ roleArn: ROLE, sourceCredentials: SOURCE, env: isolatedEnv({}, { AWS_ENDPOINT_URL_STS: sts.origin }) }));
    expect(error.message).toBe('STS AssumeRole failed: InvalidClientTokenId: bad token [redacted] or [redacted]');
  });
});
