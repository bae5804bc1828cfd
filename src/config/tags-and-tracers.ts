import type { Env } from './env.js';
import { envVar } from './env.js';
import { ConfigError } from '../errors/client-errors.js';
import { definedOnly, type Tags } from '../instrumentation/tags.js';
import type { CallTracer } from '../instrumentation/tracer.js';

/**
 * The client's tags, frozen (every record of a call outside any scope shares them): `service` from
 * env `SERVICE`, `environment` from env `ENVIRONMENT`, then the `tags` option over them. @internal
 */
export function resolveTags(option: Tags | undefined, env: Env): Readonly<Tags> {
  if (option !== undefined && (typeof option !== 'object' || option === null)) throw new ConfigError('option tags must be an object of strings');
  const tags = definedOnly({ service: envVar(env, 'SERVICE'), environment: envVar(env, 'ENVIRONMENT'), ...option });
  for (const [name, value] of Object.entries(tags)) {
    if (typeof value !== 'string') throw new ConfigError(`option tags.${name} must be a string`);
  }
  return Object.freeze(tags);
}

/** Checks the `tracers` option: an array of objects with a `start` method. @internal */
export function checkTracers(option: readonly CallTracer[] | undefined): readonly CallTracer[] {
  if (option === undefined) return [];
  if (!Array.isArray(option) || !option.every((tracer) => typeof (tracer as Partial<CallTracer> | null)?.start === 'function')) {
    throw new ConfigError('option tracers must be an array of objects with a start(call) method');
  }
  return option;
}
