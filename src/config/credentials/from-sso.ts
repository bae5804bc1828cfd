import { defer, switchMap, type Observable } from 'rxjs';
import { ConfigError, NoProfileError } from '../../errors/client-errors.js';
import { envVar, type Env } from '../env.js';
import { loadSharedFiles, resolveProfileName, type Profile, type SharedFiles } from '../shared-files.js';
import { orDefault } from '../../input/reader.js';
import { optional, shape, unknownOption } from '../../input/shape.js';
import { environment, profileName, withCheckedOptions } from './options.js';
import { ssoEndpoint } from './service-endpoints.js';
import { getRoleCredentials } from './sso-service.js';
import { legacyAccessToken, sessionAccessToken, type SsoTokenSource } from './sso-token.js';
import type { Credentials } from './types.js';

const SSO_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'] as const;

/** Options of {@link fromSso}. */
export interface SsoOptions {
  /** The profile with the SSO settings. @default env `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, else `default` */
  profile?: string | undefined;
  /** Environment to read instead of `process.env` (`HOME` locates the token cache; the shared-file variables). @default process.env */
  env?: Env | undefined;
}

/** Reads the options of {@link fromSso}. */
const readSsoOptions = orDefault(shape<SsoOptions>({ profile: optional(profileName), env: optional(environment) }, { unknown: unknownOption }), {});

/**
 * Credentials of an IAM Identity Center (SSO) profile, after `aws sso login`: the profile's `sso_session`
 * (an `[sso-session name]` section with `sso_start_url` and `sso_region`) or the legacy `sso_start_url` and
 * `sso_region` keys, with `sso_account_id` and `sso_role_name`. The access token comes from the AWS CLI's
 * cache (`~/.aws/sso/cache/`); an sso-session token about to expire is refreshed through SSO-OIDC and written
 * back. The portal's `GetRoleCredentials` then gives the role's credentials; each subscription asks it once,
 * and the client caches them until 5 minutes before they expire.
 *
 * @throws (as error notifications) InvalidParameterError for a bad option, naming it; NoProfileError when the
 *   profile is in neither shared file; ConfigError
 *   for a profile without (or with incomplete or conflicting) SSO settings; NoCredentialsError saying to run
 *   `aws sso login` when no token is cached or it has expired beyond refresh; CredentialServiceError with the
 *   portal's code (`UnauthorizedException`, ...).
 * @example new DynamoDB({ credentials: () => fromSso({ profile: 'dev' }) })
 */
export function fromSso(options: SsoOptions = {}): Observable<Credentials> {
  return withCheckedOptions(options, readSsoOptions, ({ profile, env = process.env }: SsoOptions) => {
    const name = resolveProfileName(profile, env);
    const files = loadSharedFiles(env);
    const settings = files.profiles.get(name);
    if (settings === undefined) throw new NoProfileError(name, `profile '${name}' is in neither ${files.credentialsFile} nor ${files.configFile}`);
    if (!isSsoProfile(settings)) throw new ConfigError(`profile '${name}' has no SSO settings (sso_session, or sso_start_url and sso_region)`);
    return ssoCredentials(name, settings, files, env);
  });
}

/** @internal Whether a profile sets any SSO key, as the AWS SDK v3 decides it. */
export function isSsoProfile(settings: Profile): boolean {
  return SSO_KEYS.some((key) => envVar(settings, key) !== undefined);
}

/** @internal The credentials of an SSO profile (see {@link fromSso}); settings are checked on each subscription. */
export function ssoCredentials(name: string, settings: Profile, files: SharedFiles, env: Env): Observable<Credentials> {
  return defer(() => {
    const { startUrl, region, session } = ssoSettings(name, settings, files);
    const hint = `run \`aws sso login --profile ${name}\` to sign in again`;
    const token = session === undefined
      ? legacyAccessToken({ cacheKey: startUrl, label: `profile '${name}' (${startUrl})`, hint }, env)
      : sessionAccessToken({ cacheKey: session, label: `sso-session '${session}'`, hint } satisfies SsoTokenSource, region, env);
    const role = { accountId: requiredSetting(name, settings, 'sso_account_id'), roleName: requiredSetting(name, settings, 'sso_role_name') };
    return token.pipe(switchMap((accessToken) => getRoleCredentials(ssoEndpoint(region, env), accessToken, role, hint)));
  });
}

/** The start URL and region: from the profile's sso-session, which they must not contradict, or from the profile itself. */
function ssoSettings(name: string, settings: Profile, files: SharedFiles): { startUrl: string; region: string; session?: string } {
  const session = envVar(settings, 'sso_session');
  if (session === undefined) {
    return { startUrl: requiredSetting(name, settings, 'sso_start_url'), region: requiredSetting(name, settings, 'sso_region') };
  }
  const sessionSettings = files.ssoSessions.get(session);
  if (sessionSettings === undefined) throw new ConfigError(`profile '${name}' names sso_session '${session}', but ${files.configFile} has no [sso-session ${session}] section`);
  const fromSession = (key: 'sso_start_url' | 'sso_region'): string => {
    const value = envVar(sessionSettings, key);
    if (value === undefined) throw new ConfigError(`[sso-session ${session}] in ${files.configFile} has no ${key}`);
    const own = envVar(settings, key);
    if (own !== undefined && own !== value) throw new ConfigError(`profile '${name}' sets ${key} other than its sso-session '${session}' does: remove it from the profile`);
    return value;
  };
  return { startUrl: fromSession('sso_start_url'), region: fromSession('sso_region'), session };
}

function requiredSetting(name: string, settings: Profile, key: string): string {
  const value = envVar(settings, key);
  if (value === undefined) throw new ConfigError(`SSO profile '${name}' has no ${key}; an SSO profile needs sso_account_id, sso_role_name and sso_session (or sso_start_url and sso_region)`);
  return value;
}
