import { defer, type Observable } from 'rxjs';
import { InvalidParameterError } from '../../errors/client-errors.js';
import { integer, readOptions, string, type OptionConverter, type OptionSpec } from '../../input/options.js';
import { kindOf } from '../../util/kind-of.js';
import { isRegionName } from '../partition.js';

/** `env`: an object of strings (`process.env` or a plain object), each value a string or `undefined`. */
const environment: OptionConverter = (value, parameter) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidParameterError(parameter, `must be an object of strings, got ${kindOf(value)}`);
  for (const [name, variable] of Object.entries(value)) {
    if (variable !== undefined && typeof variable !== 'string') throw new InvalidParameterError(`${parameter}.${name}`, `must be a string, got ${kindOf(variable)}`);
  }
  return value;
};

/** `profile`: a profile name; `''` names none, as `AWS_PROFILE=` does. */
const profileName: OptionConverter = (value, parameter) => {
  if (typeof value !== 'string') throw new InvalidParameterError(parameter, `must be a profile name string, got ${kindOf(value)}`);
  return value;
};

/** `region`: an AWS region name, e.g. `eu-west-1`. */
const region: OptionConverter = (value, parameter) => {
  if (typeof value !== 'string' || !isRegionName(value)) {
    throw new InvalidParameterError(parameter, `must be an AWS region name such as eu-west-1, got ${typeof value === 'string' ? `"${value}"` : kindOf(value)}`);
  }
  return value;
};

/** `sourceCredentials`: static credentials or a provider function, checked further when used. */
const credentialsOrProvider: OptionConverter = (value, parameter) => {
  if (typeof value !== 'function' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw new InvalidParameterError(parameter, `must be credentials or a function that provides them, got ${kindOf(value)}`);
  }
  return value;
};

const durationSeconds = integer(900, 43_200);

/** The options of `fromEnv`, `fromContainer` and `fromInstanceMetadata`. @internal */
export const ENV_ONLY: OptionSpec = { env: environment };
/** The options of `fromSharedFiles` and `defaultCredentialChain`. @internal */
export const PROFILE_AND_ENV: OptionSpec = { profile: profileName, env: environment, region };
/** The options of `fromSso`. @internal */
export const SSO: OptionSpec = { profile: profileName, env: environment };
/** The options of `fromWebIdentity`. @internal */
export const WEB_IDENTITY: OptionSpec = { roleArn: string, webIdentityTokenFile: string, roleSessionName: string, durationSeconds, region, env: environment };
/** The options of `fromAssumeRole`. @internal */
export const ASSUME_ROLE: OptionSpec = {
  roleArn: string,
  sourceCredentials: credentialsOrProvider,
  roleSessionName: string,
  externalId: string,
  durationSeconds,
  region,
  env: environment,
};
/** The options of `fromProcess`. @internal */
export const PROCESS: OptionSpec = { command: string, env: environment, timeoutMs: integer(1, 2 ** 31 - 1), label: string };

/**
 * A credential helper's Observable: on each subscription, checks its options against `spec` (an
 * `InvalidParameterError` naming the option, as an error notification), then subscribes to what
 * `source` builds from them. @internal
 */
export function withCheckedOptions<O, T>(options: unknown, spec: OptionSpec, source: (checked: O) => Observable<T>): Observable<T> {
  return defer(() => {
    // 0.1 took the environment positionally; its type lets process.env through where options go.
    if (options === process.env) throw new InvalidParameterError('options', 'is process.env: pass an environment as { env }');
    return source(readOptions(options, spec) as O);
  });
}
