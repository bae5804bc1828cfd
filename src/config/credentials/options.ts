import { defer, type Observable } from 'rxjs';
import { InvalidParameterError } from '../../errors/client-errors.js';
import { integer, orDefault, type Converter, type Reader } from '../../input/reader.js';
import { optional, shape, unknownOption } from '../../input/shape.js';
import { kindOf } from '../../util/kind-of.js';
import type { Env } from '../env.js';
import { isRegionName } from '../partition.js';
import type { CredentialSourceOptions, EnvOptions } from './types.js';

/** `env`: an object of strings (`process.env` or a plain object), each value a string or `undefined`. @internal */
export const environment: Reader<Env> = (value, path) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidParameterError(path, `must be an object of strings, got ${kindOf(value)}`);
  for (const [name, variable] of Object.entries(value)) {
    if (variable !== undefined && typeof variable !== 'string') throw new InvalidParameterError(`${path}.${name}`, `must be a string, got ${kindOf(variable)}`);
  }
  return value as Env;
};

/** `profile`: a profile name; `''` names none, as `AWS_PROFILE=` does. */
export const profileName: Reader<string> = (value, path) => {
  if (typeof value !== 'string') throw new InvalidParameterError(path, `must be a profile name string, got ${kindOf(value)}`);
  return value;
};

/** `region`: an AWS region name, e.g. `eu-west-1`. */
export const region: Reader<string> = (value, path) => {
  if (typeof value !== 'string' || !isRegionName(value)) {
    throw new InvalidParameterError(path, `must be an AWS region name such as eu-west-1, got ${typeof value === 'string' ? `"${value}"` : kindOf(value)}`);
  }
  return value;
};

/** STS `DurationSeconds`: 15 minutes to 12 hours. */
export const durationSeconds = integer(900, 43_200);

/** Reads the options of `fromEnv`, `fromContainer` and `fromInstanceMetadata`. @internal */
export const readEnvOptions = orDefault(shape<EnvOptions>({ env: optional(environment) }, { unknown: unknownOption }), {});
/** Reads the options of `fromSharedFiles` and `defaultCredentialChain`. @internal */
export const readSourceOptions = orDefault(
  shape<CredentialSourceOptions>({ profile: optional(profileName), env: optional(environment), region: optional(region) }, { unknown: unknownOption }),
  {},
);
/**
 * A credential helper's Observable: on each subscription, reads its options with `read` (an
 * `InvalidParameterError` naming the option, as an error notification), then subscribes to what
 * `source` builds from them. @internal
 */
export function withCheckedOptions<O, T>(options: unknown, read: Converter<O | undefined, O>, source: (checked: O) => Observable<T>): Observable<T> {
  return defer(() => {
    // 0.1 took the environment positionally; its type lets process.env through where options go.
    if (options === process.env) throw new InvalidParameterError('options', 'is process.env: pass an environment as { env }');
    return source(read(options, 'options'));
  });
}
