import { defer, of, type Observable } from 'rxjs';
import { NoProfileError } from '../../errors/client-errors.js';
import { SigningClock } from '../../http/signing-clock.js';
import { loadSharedFiles, namedProfile } from '../shared-files.js';
import { profileSource } from './profile-credentials.js';
import { readSourceOptions, withCheckedOptions } from './options.js';
import { orNoCredentials, unavailable, type SourceResult } from './source.js';
import type { CredentialSourceOptions, Credentials } from './types.js';

/**
 * Credentials of a profile in the shared `credentials` and `config` files, decided as the AWS SDK v3 does:
 * a role to assume (`role_arn` with `source_profile` or `credential_source`, through STS `AssumeRole`),
 * static keys (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`), web identity
 * (`web_identity_token_file` with `role_arn`), `credential_process`, or IAM Identity Center (`sso_session`,
 * or the legacy `sso_start_url`; see {@link fromSso}).
 *
 * @throws (as error notifications) InvalidParameterError for bad options, naming them; NoProfileError
 *   when a profile named by `profile`, `AWS_PROFILE` or
 *   `AWS_DEFAULT_PROFILE` is in neither file; NoCredentialsError when the profile has no credentials;
 *   ConfigError for an unreadable file, a failing `credential_process`, a cycle of source profiles,
 *   `mfa_serial` (no prompting in a library) or a bad setting; CredentialServiceError when STS or SSO refuses.
 * @example fromSharedFiles({ profile: 'dev' }).subscribe(sign);
 */
export function fromSharedFiles(options: CredentialSourceOptions = {}): Observable<Credentials> {
  return withCheckedOptions(options, readSourceOptions, (checked: CredentialSourceOptions) => orNoCredentials(sharedFilesSource(checked, new SigningClock())));
}

/** @internal {@link fromSharedFiles} as a link of the chain; roles are assumed with requests signed by `clock`. */
export function sharedFilesSource({ profile, env = process.env, region }: CredentialSourceOptions, clock: SigningClock): Observable<SourceResult> {
  return defer(() => {
    const named = namedProfile(profile, env);
    const name = named ?? 'default';
    const files = loadSharedFiles(env);
    if (!files.profiles.has(name)) {
      if (named === undefined) return of(unavailable(`shared files: no [default] profile in ${files.credentialsFile} or ${files.configFile}`));
      throw new NoProfileError(name, `profile '${name}' is in neither ${files.credentialsFile} nor ${files.configFile}`);
    }
    return profileSource(name, { files, env, region, clock });
  });
}
