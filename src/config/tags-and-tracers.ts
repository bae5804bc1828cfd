import type { Env } from './env.js';
import { envVar } from './env.js';
import { InvalidParameterError } from '../errors/client-errors.js';
import { text, type Reader } from '../input/reader.js';
import { anyObject } from '../input/validate.js';
import { definedOnly, type Tags } from '../instrumentation/tags.js';
import type { CallTracer } from '../instrumentation/tracer.js';

/** Reads the `tags` option: an object whose every value is a string (or undefined, left out). @internal */
export const readTags: Reader<Tags> = (value, path) => {
  const tags = anyObject(value, path);
  for (const [name, tag] of Object.entries(tags)) if (tag !== undefined) text(tag, `${path}.${name}`);
  return tags as Tags;
};

/** Reads the `tracers` option: an array of objects with a `start` method. @internal */
export const readTracers: Reader<CallTracer[]> = (value, path) => {
  if (!Array.isArray(value) || !value.every((tracer) => typeof (tracer as Partial<CallTracer> | null)?.start === 'function')) {
    throw new InvalidParameterError(path, 'must be an array of objects with a start(call) method');
  }
  return value as CallTracer[];
};

/**
 * The client's tags, frozen (every record of a call outside any scope shares them): `service` from
 * env `SERVICE`, `environment` from env `ENVIRONMENT`, then the `tags` option (read by {@link readTags}) over them. @internal
 */
export function resolveTags(option: Tags | undefined, env: Env): Readonly<Tags> {
  return Object.freeze(definedOnly({ service: envVar(env, 'SERVICE'), environment: envVar(env, 'ENVIRONMENT'), ...option }));
}
