import { defer, map, of, switchMap, type Observable } from 'rxjs';
import { ConfigError, NoCredentialsError } from '../../errors/client-errors.js';
import type { SigningClock } from '../../http/signing-clock.js';
import { envVar, type Env } from '../env.js';
import type { Profile, SharedFiles } from '../shared-files.js';
import { containerSource } from './from-container.js';
import { envSource } from './from-env.js';
import { instanceMetadataSource } from './from-instance-metadata.js';
import { fromProcess } from './from-process.js';
import { isSsoProfile, ssoCredentials } from './from-sso.js';
import { webIdentityCredentials } from './from-web-identity.js';
import { makeCredentials } from './parse.js';
import { checkRoleArn, durationSeconds, roleSessionName } from './role-settings.js';
import { defaultStsRegion, stsEndpoint } from './service-endpoints.js';
import { isUnavailable, unavailable, type SourceResult } from './source.js';
import { assumeRole } from './sts.js';
import type { Credentials } from './types.js';

/** @internal What resolving a profile needs besides its name. */
export interface ProfileContext {
  files: SharedFiles;
  env: Env;
  /** The caller's region (the client's), for STS when the role's profile sets none. */
  region: string | undefined;
  /** The time STS `AssumeRole` requests are signed with (the client's). */
  clock: SigningClock;
}

/** The `credential_source` values and the source each names. */
const CREDENTIAL_SOURCES: Readonly<Record<string, (env: Env) => Observable<SourceResult>>> = {
  Environment: envSource,
  Ec2InstanceMetadata: instanceMetadataSource,
  EcsContainer: containerSource,
};

/**
 * @internal A profile's credentials, decided as the AWS SDK v3's `fromIni` does: a role (`role_arn` with
 * `source_profile` or `credential_source`), else static keys, else web identity (`web_identity_token_file`
 * with `role_arn`), else `credential_process`, else SSO. A source profile's own static keys win over its
 * role, so a profile may name itself as `source_profile`. `path` is the profiles visited on the way here.
 *
 * @throws (as error notifications) ConfigError for a cycle of source profiles (named), `mfa_serial`, or a
 *   setting that is missing, unknown or contradicts another; the errors of the sources it calls.
 */
export function profileSource(name: string, context: ProfileContext, path: readonly string[] = []): Observable<SourceResult> {
  return defer(() => {
    const settings = context.files.profiles.get(name);
    if (settings === undefined) {
      throw new ConfigError(`profile '${path.at(-1)}' names source_profile '${name}', which is in neither ${context.files.credentialsFile} nor ${context.files.configFile}`);
    }
    const setting = (key: string): string | undefined => envVar(settings, key);
    const keys = staticKeys(name, settings);
    if (path.length > 0 && keys !== undefined) return of(keys);
    if (path.includes(name)) {
      throw new ConfigError(`source_profile settings form a cycle: ${[...path, name].map((profile) => `'${profile}'`).join(' -> ')}; end the chain at a profile with keys or credential_source`);
    }
    if (setting('role_arn') !== undefined) {
      if (setting('source_profile') !== undefined || setting('credential_source') !== undefined) return roleCredentials(name, settings, context, path);
      if (setting('web_identity_token_file') === undefined) {
        throw new ConfigError(`profile '${name}' sets role_arn but none of source_profile, credential_source or web_identity_token_file to assume it with`);
      }
    }
    if (keys !== undefined) return of(keys);
    if (setting('web_identity_token_file') !== undefined) return webIdentityProfile(name, settings, context);
    const command = setting('credential_process');
    if (command !== undefined) return fromProcess({ command, env: context.env, label: `credential_process of profile '${name}'` });
    if (isSsoProfile(settings)) return ssoCredentials(name, settings, context.files, context.env);
    const credentialSource = setting('credential_source');
    if (credentialSource !== undefined) return namedSource(name, credentialSource, context.env);
    return of(unavailable(`shared files: profile '${name}' has no credentials (keys, role_arn, web_identity_token_file, credential_process or sso_*)`));
  });
}

/** A profile's static keys, if it sets any; one without the other is an error. */
function staticKeys(name: string, settings: Profile): Credentials | undefined {
  const accessKeyId = envVar(settings, 'aws_access_key_id');
  const secretAccessKey = envVar(settings, 'aws_secret_access_key');
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new ConfigError(`profile '${name}' needs both aws_access_key_id and aws_secret_access_key`);
  }
  return makeCredentials(accessKeyId, secretAccessKey, envVar(settings, 'aws_session_token'));
}

/** STS `AssumeRole` with the credentials of the source profile or credential source. */
function roleCredentials(name: string, settings: Profile, context: ProfileContext, path: readonly string[]): Observable<Credentials> {
  const setting = (key: string): string | undefined => envVar(settings, key);
  const invalid = (key: string) => (problem: string) => new ConfigError(`${key} of profile '${name}' ${problem}`);
  if (setting('mfa_serial') !== undefined) {
    throw new ConfigError(
      `profile '${name}' sets mfa_serial: rx-dynamodb cannot prompt for an MFA code. Use a role without MFA, or a ` +
        'credential_process that asks for the code and caches the session (e.g. aws-vault)',
    );
  }
  const sourceProfile = setting('source_profile');
  const credentialSource = setting('credential_source');
  if (sourceProfile !== undefined && credentialSource !== undefined) {
    throw new ConfigError(`profile '${name}' sets both source_profile and credential_source: keep one`);
  }
  const request = {
    roleArn: checkRoleArn(setting('role_arn') ?? '', invalid('role_arn')),
    roleSessionName: roleSessionName(setting('role_session_name'), invalid('role_session_name')),
    externalId: setting('external_id'),
    durationSeconds: durationSeconds(setting('duration_seconds'), invalid('duration_seconds')),
  };
  const region = setting('region') ?? context.region ?? defaultStsRegion(context.env);
  const endpoint = stsEndpoint(region, context.env, setting('sts_regional_endpoints'));
  const source = sourceProfile !== undefined
    ? profileSource(sourceProfile, context, [...path, name]).pipe(map((result) => credentialsOf(result, `source_profile '${sourceProfile}' of profile '${name}'`)))
    : namedSource(name, credentialSource ?? '', context.env);
  return source.pipe(switchMap((credentials) => assumeRole(endpoint, credentials, request, context.clock)));
}

/** The credentials of a `credential_source`; having none is an error, since the profile asked for them. */
function namedSource(name: string, credentialSource: string, env: Env): Observable<Credentials> {
  const source = Object.hasOwn(CREDENTIAL_SOURCES, credentialSource) ? CREDENTIAL_SOURCES[credentialSource] : undefined;
  if (source === undefined) {
    throw new ConfigError(`credential_source of profile '${name}' must be one of ${Object.keys(CREDENTIAL_SOURCES).join(', ')}`);
  }
  return source(env).pipe(map((result) => credentialsOf(result, `credential_source ${credentialSource} of profile '${name}'`)));
}

function credentialsOf(result: SourceResult, what: string): Credentials {
  if (isUnavailable(result)) throw new NoCredentialsError(`${what} has no credentials: ${result.unavailable}`);
  return result;
}

/** Web identity from a profile: `web_identity_token_file` with `role_arn` (and `role_session_name`). */
function webIdentityProfile(name: string, settings: Profile, context: ProfileContext): Observable<Credentials> {
  const setting = (key: string): string | undefined => envVar(settings, key);
  const invalid = (key: string) => (problem: string) => new ConfigError(`${key} of profile '${name}' ${problem}`);
  const roleArn = setting('role_arn');
  if (roleArn === undefined) throw new ConfigError(`profile '${name}' sets web_identity_token_file but no role_arn to assume with it`);
  const role = {
    roleArn: checkRoleArn(roleArn, invalid('role_arn')),
    tokenFile: setting('web_identity_token_file') ?? '',
    tokenFileSource: `web_identity_token_file of profile '${name}'`,
    roleSessionName: roleSessionName(setting('role_session_name'), invalid('role_session_name')),
    durationSeconds: durationSeconds(setting('duration_seconds'), invalid('duration_seconds')),
  };
  const region = setting('region') ?? context.region ?? defaultStsRegion(context.env);
  return webIdentityCredentials(role, region, context.env, setting('sts_regional_endpoints'));
}
