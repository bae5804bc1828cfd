import { closeSync, openSync, readSync } from 'node:fs';
import { defer, of, type Observable } from 'rxjs';
import { ConfigError, InvalidParameterError } from '../../errors/client-errors.js';
import { envVar, type Env } from '../env.js';
import { nonEmptyText, orDefault } from '../../input/reader.js';
import { optional, shape, unknownOption } from '../../input/shape.js';
import { durationSeconds, environment, region, withCheckedOptions } from './options.js';
import { checkRoleArn, roleSessionName } from './role-settings.js';
import { defaultStsRegion, stsEndpoint } from './service-endpoints.js';
import { orNoCredentials, unavailable, type SourceResult } from './source.js';
import { assumeRoleWithWebIdentity } from './sts.js';
import type { Credentials } from './types.js';

const TOKEN_FILE = 'AWS_WEB_IDENTITY_TOKEN_FILE';
const ROLE_ARN = 'AWS_ROLE_ARN';
const SESSION_NAME = 'AWS_ROLE_SESSION_NAME';

/** Options of {@link fromWebIdentity}; each falls back to its environment variable. */
export interface WebIdentityOptions {
  /** The role to assume. @default env `AWS_ROLE_ARN` */
  roleArn?: string | undefined;
  /** The file holding the OIDC token (Kubernetes rotates it: it is read anew for each request). @default env `AWS_WEB_IDENTITY_TOKEN_FILE` */
  webIdentityTokenFile?: string | undefined;
  /** Names the session in CloudTrail. @default env `AWS_ROLE_SESSION_NAME`, else `rx-dynamodb-<epoch ms>` */
  roleSessionName?: string | undefined;
  /** How long the credentials last, 900 to 43200 seconds. @default the role's setting (STS: one hour) */
  durationSeconds?: number | undefined;
  /** Region of the STS endpoint. @default env `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1` */
  region?: string | undefined;
  /** Environment to read instead of `process.env`. @default process.env */
  env?: Env | undefined;
}

/** Reads the options of {@link fromWebIdentity}. */
const readWebIdentityOptions = orDefault(
  shape<WebIdentityOptions>(
    {
      roleArn: optional(nonEmptyText),
      webIdentityTokenFile: optional(nonEmptyText),
      roleSessionName: optional(nonEmptyText),
      durationSeconds: optional(durationSeconds),
      region: optional(region),
      env: optional(environment),
    },
    { unknown: unknownOption },
  ),
  {},
);

/** @internal A web identity role, checked: where it comes from is named in errors (`AWS_ROLE_ARN`, a profile's setting). */
export interface WebIdentityRole {
  roleArn: string;
  tokenFile: string;
  /** Where the token file's name came from, for errors. */
  tokenFileSource: string;
  roleSessionName: string;
  durationSeconds?: number | undefined;
}

/**
 * Credentials of an IAM role assumed with a web identity token, as on EKS with IAM roles for service
 * accounts: STS `AssumeRoleWithWebIdentity` (unsigned) with the token read from `webIdentityTokenFile`
 * anew on each subscription, so the rotated token is used at each refresh. STS is regional (see the
 * README for `AWS_ENDPOINT_URL_STS` and `AWS_STS_REGIONAL_ENDPOINTS`); each subscription asks it once,
 * and the client caches the credentials until 5 minutes before they expire.
 *
 * @throws (as error notifications) InvalidParameterError for a bad option, naming it; NoCredentialsError
 *   when the role or the token file is not set, or STS
 *   cannot be reached; ConfigError for an unreadable or empty token file or a bad setting in the
 *   environment; CredentialServiceError with STS's code (`InvalidIdentityToken`, `AccessDenied`,
 *   `ExpiredTokenException`, `RegionDisabledException`, `IDPCommunicationError`, ...).
 * @example new DynamoDB({ credentials: () => fromWebIdentity({ roleSessionName: 'orders-api' }) })
 */
export function fromWebIdentity(options: WebIdentityOptions = {}): Observable<Credentials> {
  return withCheckedOptions(options, readWebIdentityOptions, ({ env = process.env, ...given }: WebIdentityOptions) => orNoCredentials(webIdentitySource(given, env)));
}

/**
 * @internal {@link fromWebIdentity} as a link of the chain: what `given` (checked options) leaves out comes
 * from the environment; with no role or no token file the source has nothing.
 */
export function webIdentitySource(given: Omit<WebIdentityOptions, 'env'>, env: Env): Observable<SourceResult> {
  return defer(() => {
    const roleArn = given.roleArn ?? envVar(env, ROLE_ARN);
    const tokenFile = given.webIdentityTokenFile ?? envVar(env, TOKEN_FILE);
    if (roleArn === undefined || tokenFile === undefined) {
      const missing = [tokenFile === undefined ? TOKEN_FILE : '', roleArn === undefined ? ROLE_ARN : ''].filter(Boolean);
      return of(unavailable(`web identity: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`));
    }
    const invalid = (option: 'roleArn' | 'roleSessionName', variable: string) => (problem: string) =>
      given[option] === undefined ? new ConfigError(`${variable} ${problem}`) : new InvalidParameterError(`options.${option}`, problem);
    const role: WebIdentityRole = {
      roleArn: checkRoleArn(roleArn, invalid('roleArn', ROLE_ARN)),
      tokenFile,
      tokenFileSource: given.webIdentityTokenFile === undefined ? TOKEN_FILE : 'options.webIdentityTokenFile',
      roleSessionName: roleSessionName(given.roleSessionName ?? envVar(env, SESSION_NAME), invalid('roleSessionName', SESSION_NAME)),
      durationSeconds: given.durationSeconds,
    };
    return webIdentityCredentials(role, given.region ?? defaultStsRegion(env), env);
  });
}

/** @internal Assumes a web identity role: the token file is read on each subscription. */
export function webIdentityCredentials(role: WebIdentityRole, region: string, env: Env, stsRegionalEndpoints?: string): Observable<Credentials> {
  return defer(() => assumeRoleWithWebIdentity(stsEndpoint(region, env, stsRegionalEndpoints), { ...role, webIdentityToken: readToken(role) }));
}

/** STS takes a `WebIdentityToken` of at most 20,000 characters: a larger file holds something else, and is not read whole nor sent. */
const MAX_TOKEN_LENGTH = 20_000;
/** What is read of a token file at most: room for the longest token and whitespace around it. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/** The token, trimmed; errors name the file and why, never the token. */
function readToken({ tokenFile, tokenFileSource }: WebIdentityRole): string {
  let start: Buffer;
  try {
    start = readStart(tokenFile, MAX_TOKEN_FILE_BYTES + 1);
  } catch (error) {
    throw new ConfigError(`cannot read the web identity token file ${tokenFile} (${tokenFileSource}): ${(error as NodeJS.ErrnoException).code ?? 'read failed'}`);
  }
  const token = start.length > MAX_TOKEN_FILE_BYTES ? undefined : start.toString('utf8').trim();
  if (token === '') throw new ConfigError(`the web identity token file ${tokenFile} (${tokenFileSource}) is empty`);
  if (token === undefined || token.length > MAX_TOKEN_LENGTH) {
    throw new ConfigError(
      `the web identity token file ${tokenFile} (${tokenFileSource}) holds more than the ${MAX_TOKEN_LENGTH} characters of the longest token STS ` +
        'takes: check that it names the token file (on EKS, /var/run/secrets/eks.amazonaws.com/serviceaccount/token)',
    );
  }
  return token;
}

/** The first `maxBytes` of a file, or all of it when shorter. */
function readStart(file: string, maxBytes: number): Buffer {
  const buffer = Buffer.alloc(maxBytes);
  const descriptor = openSync(file, 'r');
  try {
    let length = 0;
    while (length < maxBytes) {
      const read = readSync(descriptor, buffer, length, maxBytes - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(descriptor);
  }
}
