import { defer, of, type Observable } from 'rxjs';
import { ConfigError, NoProfileError } from '../../errors/client-errors.js';
import { envVar, type Env } from '../env.js';
import { loadSharedFiles, namedProfile, type Profile } from '../shared-files.js';
import { fromProcess } from './from-process.js';
import { makeCredentials } from './parse.js';
import { readSourceOptions, withCheckedOptions } from './options.js';
import { orNoCredentials, unavailable, type SourceResult } from './source.js';
import type { CredentialSourceOptions, Credentials } from './types.js';

/** Profile settings that need STS or SSO calls, which rx-dynamodb does not make itself. */
const UNSUPPORTED = ['role_arn', 'web_identity_token_file', 'sso_session', 'sso_start_url'] as const;

/**
 * Credentials of a profile in the shared `credentials` and `config` files: its static keys
 * (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`), or else its `credential_process`.
 *
 * @throws (as error notifications) InvalidParameterError for bad options, naming them; NoProfileError
 *   when a profile named by `profile`, `AWS_PROFILE` or
 *   `AWS_DEFAULT_PROFILE` is in neither file; NoCredentialsError when the profile has no credentials;
 *   ConfigError for an unreadable file, a failing `credential_process`, or a profile that needs STS/SSO
 *   (`role_arn`, `sso_session`, ...: pass the AWS SDK's `fromNodeProviderChain()` as `credentials` instead).
 * @example fromSharedFiles({ profile: 'dev' }).subscribe(sign);
 */
export function fromSharedFiles(options: CredentialSourceOptions = {}): Observable<Credentials> {
  return withCheckedOptions(options, readSourceOptions, (checked: CredentialSourceOptions) => orNoCredentials(sharedFilesSource(checked)));
}

/** @internal {@link fromSharedFiles} as a link of the chain. */
export function sharedFilesSource({ profile, env = process.env }: CredentialSourceOptions): Observable<SourceResult> {
  return defer(() => {
    const named = namedProfile(profile, env);
    const name = named ?? 'default';
    const files = loadSharedFiles(env);
    const where = `${files.credentialsFile} or ${files.configFile}`;
    const settings = files.profiles.get(name);
    if (settings === undefined) {
      if (named === undefined) return of(unavailable(`shared files: no [default] profile in ${where}`));
      throw new NoProfileError(name, `profile '${name}' is in neither ${where}`);
    }
    return profileCredentials(name, settings, env);
  });
}

function profileCredentials(name: string, settings: Profile, env: Env): Observable<SourceResult> {
  const setting = (key: string): string | undefined => envVar(settings, key);
  const needsSts = UNSUPPORTED.find((key) => setting(key) !== undefined);
  if (needsSts !== undefined) {
    throw new ConfigError(
      `profile '${name}' sets ${needsSts}, which needs STS or SSO; rx-dynamodb does not support that itself. ` +
        "Pass a provider instead, e.g. `credentials: fromNodeProviderChain({ profile })` from '@aws-sdk/credential-providers'",
    );
  }
  const accessKeyId = setting('aws_access_key_id');
  const secretAccessKey = setting('aws_secret_access_key');
  if (accessKeyId !== undefined || secretAccessKey !== undefined) {
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      throw new ConfigError(`profile '${name}' needs both aws_access_key_id and aws_secret_access_key`);
    }
    return of(makeCredentials(accessKeyId, secretAccessKey, setting('aws_session_token')));
  }
  const command = setting('credential_process');
  if (command !== undefined) return fromProcess({ command, env, label: `credential_process of profile '${name}'` });
  return of(unavailable(`shared files: profile '${name}' has neither aws_access_key_id nor credential_process`));
}
