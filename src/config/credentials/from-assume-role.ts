import { switchMap, type Observable } from 'rxjs';
import { InvalidParameterError } from '../../errors/client-errors.js';
import { SigningClock } from '../../http/signing-clock.js';
import type { Env } from '../env.js';
import { toCredentialSource } from './normalize.js';
import { checkedWhereUsed, nonEmptyText, type Converter, type Reader } from '../../input/reader.js';
import { optional, required, shape, unknownOption } from '../../input/shape.js';
import { kindOf } from '../../util/kind-of.js';
import { durationSeconds, environment, region, withCheckedOptions } from './options.js';
import { checkRoleArn, roleSessionName } from './role-settings.js';
import { defaultStsRegion, stsEndpoint } from './service-endpoints.js';
import { assumeRole } from './sts.js';
import type { CredentialProvider, Credentials } from './types.js';

/** Options of {@link fromAssumeRole}. */
export interface AssumeRoleOptions {
  /** The role to assume, `arn:aws:iam::<account>:role/<name>`. */
  roleArn: string;
  /** Credentials that may assume the role: static, or a provider as the client's `credentials` option takes. @default the default chain */
  sourceCredentials?: Credentials | CredentialProvider | undefined;
  /** Names the session in CloudTrail. @default `rx-dynamodb-<epoch ms>` */
  roleSessionName?: string | undefined;
  /** The external id the role's trust policy asks for. */
  externalId?: string | undefined;
  /** How long the credentials last, 900 to 43200 seconds. @default one hour (STS) */
  durationSeconds?: number | undefined;
  /** Region of the STS endpoint. @default env `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1` */
  region?: string | undefined;
  /** Environment to read instead of `process.env` (endpoint variables; the default chain). @default process.env */
  env?: Env | undefined;
}

/** `sourceCredentials`: static credentials or a provider function, checked further when used. */
const credentialsOrProvider: Reader<NonNullable<AssumeRoleOptions['sourceCredentials']>> = (value, path) => {
  if (typeof value !== 'function' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new InvalidParameterError(path, `must be credentials or a function that provides them, got ${kindOf(value)}`);
  }
  return checkedWhereUsed<NonNullable<AssumeRoleOptions['sourceCredentials']>>()(value, path);
};

/** Reads the options of {@link fromAssumeRole}; `roleArn` is required. */
const readAssumeRoleOptions = shape<AssumeRoleOptions>(
  {
    roleArn: required(nonEmptyText, 'is required: the ARN of the role to assume'),
    sourceCredentials: optional(credentialsOrProvider),
    roleSessionName: optional(nonEmptyText),
    externalId: optional(nonEmptyText),
    durationSeconds: optional(durationSeconds),
    region: optional(region),
    env: optional(environment),
  },
  { unknown: unknownOption },
) as Converter<AssumeRoleOptions | undefined, AssumeRoleOptions>;

/**
 * Credentials of an IAM role assumed through STS `AssumeRole`, signed (SigV4) with `sourceCredentials`.
 * STS is regional (see the README for `AWS_ENDPOINT_URL_STS` and `AWS_STS_REGIONAL_ENDPOINTS`); each
 * subscription gets source credentials and asks STS once, and the client caches the role's credentials
 * until 5 minutes before they expire. Roles that need MFA are not supported (a library cannot prompt).
 *
 * @throws (as error notifications) InvalidParameterError for a bad option, naming it; the source's errors;
 *   CredentialServiceError with STS's code (`AccessDenied`, `ExpiredTokenException`, `RegionDisabledException`, ...);
 *   NoCredentialsError when STS cannot be reached.
 * @example new DynamoDB({ credentials: () => fromAssumeRole({ roleArn: 'arn:aws:iam::123456789012:role/reader' }) })
 */
export function fromAssumeRole(options: AssumeRoleOptions): Observable<Credentials> {
  return withCheckedOptions(options, readAssumeRoleOptions, (checked: AssumeRoleOptions) => {
    const invalid = (name: string) => (problem: string) => new InvalidParameterError(`options.${name}`, problem);
    const env = checked.env ?? process.env;
    const request = {
      roleArn: checkRoleArn(checked.roleArn, invalid('roleArn')),
      roleSessionName: roleSessionName(checked.roleSessionName, invalid('roleSessionName')),
      externalId: checked.externalId,
      durationSeconds: checked.durationSeconds,
    };
    const region = checked.region ?? defaultStsRegion(env);
    const endpoint = stsEndpoint(region, env);
    const clock = new SigningClock();
    return toCredentialSource(checked.sourceCredentials, { env, region }, clock).pipe(switchMap((source) => assumeRole(endpoint, source, request, clock)));
  });
}
