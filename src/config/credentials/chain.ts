import { concatMap, filter, from, of, take, tap, throwIfEmpty, type Observable } from 'rxjs';
import { NoCredentialsError } from '../../errors/client-errors.js';
import { SigningClock } from '../../http/signing-clock.js';
import { containerSource } from './from-container.js';
import { envSource } from './from-env.js';
import { instanceMetadataSource } from './from-instance-metadata.js';
import { sharedFilesSource } from './from-shared-files.js';
import { webIdentitySource } from './from-web-identity.js';
import { namedProfile } from '../shared-files.js';
import { readSourceOptions, withCheckedOptions } from './options.js';
import { isUnavailable, unavailable } from './source.js';
import type { CredentialSourceOptions, Credentials } from './types.js';

/**
 * The default credential chain, tried in the AWS SDK v3's order until one source has credentials:
 * environment keys (skipped when a profile is named by option, `AWS_PROFILE` or `AWS_DEFAULT_PROFILE`),
 * the shared files' profile (role, static keys, web identity, `credential_process` or SSO: see
 * {@link fromSharedFiles}), web identity from `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`, the container
 * endpoint (only when its variables are set), then EC2 IMDSv2 (unless `AWS_EC2_METADATA_DISABLED`). Each
 * subscription runs the chain anew and emits synchronously when a synchronous source (environment, static
 * profile keys) answers.
 *
 * A source that is configured but broken (unreadable file, failing `credential_process`, container
 * endpoint down) fails the chain with its error instead of falling through to the next source.
 *
 * @throws (as error notifications) InvalidParameterError for bad options, naming them; NoProfileError
 *   when an explicitly named profile is in neither file;
 *   NoCredentialsError listing each source and why it had nothing; the error of a broken source.
 * @example defaultCredentialChain({ profile: 'dev' }).subscribe(sign);
 */
export function defaultCredentialChain(options: CredentialSourceOptions = {}): Observable<Credentials> {
  return credentialChain(options, new SigningClock());
}

/** @internal {@link defaultCredentialChain}, assuming roles with requests signed by `clock` (a client's). */
export function credentialChain(options: CredentialSourceOptions, clock: SigningClock): Observable<Credentials> {
  return withCheckedOptions(options, readSourceOptions, ({ profile: explicit, env = process.env, region }: CredentialSourceOptions) => {
    const profile = namedProfile(explicit, env);
    const sources = [
      // As in the AWS SDK v3: a named profile wins over leftover keys in the environment.
      () => (profile === undefined ? envSource(env) : of(unavailable(`environment: skipped because profile "${profile}" was named`))),
      () => sharedFilesSource({ profile: explicit, env, region }, clock),
      () => webIdentitySource({ region }, env),
      () => containerSource(env),
      () => instanceMetadataSource(env),
    ];
    const reasons: string[] = [];
    return from(sources).pipe(
      concatMap((source) => source().pipe(take(1))),
      tap((result) => {
        if (isUnavailable(result)) reasons.push(result.unavailable);
      }),
      filter((result): result is Credentials => !isUnavailable(result)),
      take(1),
      throwIfEmpty(() => new NoCredentialsError(`no AWS credentials found; tried ${reasons.join('; ')}`)),
    );
  });
}
