// Converters: each checks one value found at a path and returns it converted, or throws an
// InvalidParameterError naming that path. Option bags and shapes (./shape.ts) are built from them.
import { InvalidParameterError } from '../errors/client-errors.js';
import { kindOf } from '../util/kind-of.js';
import { MAX_TIMER_MS } from '../util/max-timer.js';

/**
 * Checks a value found at `path` (e.g. `options.limit`) and returns it converted to `Out`; throws an
 * `InvalidParameterError` naming `path` otherwise. `In` is the type the public API declares for that
 * value: a bag typed against an interface (see `Fields`) takes a converter only when its `In` is the
 * field's type exactly, so a converter of another type, or a union listed differently, does not compile.
 * @internal
 */
export interface Converter<In, Out = In> {
  (value: unknown, path: string): Out;
  /** Type only, never set: makes `In` invariant, so `Converter<'A' | 'B'>` is neither a `Converter<string>` nor a `Converter<'A'>`. */
  readonly declared?: (value: In) => In;
}

/** A converter that returns the value it checked, as the type it checked for. @internal */
export type Reader<T> = Converter<T, T>;

/** A number shown in a message: itself, or the kind of what was given instead. */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : kindOf(value);
}

/** Reads a string (empty included). @internal */
export const text: Reader<string> = (value, path) => {
  if (typeof value !== 'string') throw new InvalidParameterError(path, `must be a string, got ${kindOf(value)}`);
  return value;
};

/** Reads a non-empty string: an expression, an index name, a token. @internal */
export const nonEmptyText: Reader<string> = (value, path) => {
  if (typeof value !== 'string' || value === '') throw new InvalidParameterError(path, `must be a non-empty string, got ${kindOf(value)}`);
  return value;
};

/** Reads a string of `min` to `max` characters, counted in code points as AWS counts them. @internal */
export function textOfLength(min: number, max: number): Reader<string> {
  return (value, path) => {
    const length = [...text(value, path)].length;
    if (length < min || length > max) throw new InvalidParameterError(path, `must be ${min} to ${max} characters, got ${length}`);
    return value as string;
  };
}

/** Reads `true` or `false`. @internal */
export const flag: Reader<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw new InvalidParameterError(path, `must be true or false, got ${kindOf(value)}`);
  return value;
};

/** Reads a safe integer. @internal */
export const safeInteger: Reader<number> = (value, path) => {
  if (!Number.isSafeInteger(value)) throw new InvalidParameterError(path, `must be an integer, got ${shown(value)}`);
  return value as number;
};

/** Reads an integer from `min` to `max` (no upper bound when `max` is left out). @internal */
export function integer(min: number, max = Infinity): Reader<number> {
  const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
  return (value, path) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw new InvalidParameterError(path, `must be an integer ${range}, got ${shown(value)}`);
    }
    return value as number;
  };
}

/** Reads a number (not NaN) of at least `min`; `Infinity` too, when `infinity` says what it means. @internal */
export function atLeast(min: number, infinity?: string): Reader<number> {
  const rule = `must be a number >= ${min}${infinity === undefined ? '' : `, or Infinity for ${infinity}`}`;
  return (value, path) => {
    if (typeof value !== 'number' || !(value >= min) || (value === Infinity && infinity === undefined)) {
      throw new InvalidParameterError(path, `${rule}, got ${shown(value)}`);
    }
    return value;
  };
}

/**
 * Reads milliseconds that become a timer's delay: what `read` reads (`integer(1)`, `atLeast(0)`), at most
 * {@link MAX_TIMER_MS}, since a timer fires a longer delay after 1 ms.
 * @example timeoutMs: optional(timerMs(integer(1)))
 * @internal
 */
export function timerMs(read: Reader<number>): Reader<number> {
  return (value, path) => {
    const ms = read(value, path);
    if (ms > MAX_TIMER_MS) throw new InvalidParameterError(path, `must be at most ${MAX_TIMER_MS} ms (2^31-1, the longest delay a timer takes: a longer one fires after 1 ms), got ${ms}`);
    return ms;
  };
}

/** Reads a finite number above 0: a rate, a size. @internal */
export const positiveNumber: Reader<number> = (value, path) => {
  if (typeof value !== 'number' || !(value > 0) || value === Infinity) throw new InvalidParameterError(path, `must be a finite number > 0, got ${shown(value)}`);
  return value;
};

/**
 * Reads a member of the string union `T`, whose members are the keys of `members`: listed as a
 * `Record<T, true>`, the list can neither miss a member nor add one. `Object.prototype`'s names are
 * never members.
 * @example literal<ReturnConsumedCapacity>({ INDEXES: true, TOTAL: true, NONE: true })
 * @internal
 */
export function literal<T extends string>(members: Readonly<Record<T, true>>): Reader<T> {
  const allowed: readonly string[] = Object.keys(members);
  return (value, path) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new InvalidParameterError(path, `must be one of ${allowed.join(', ')}, got ${typeof value === 'string' ? `"${value.slice(0, 100)}"` : kindOf(value)}`);
    }
    return value as T;
  };
}

/** Reads an array whose every element `read` reads, as a fresh array. @internal */
export function listOf<In, Out>(read: Converter<In, Out>): Converter<readonly In[], Out[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new InvalidParameterError(path, `must be an array, got ${kindOf(value)}`);
    return Array.from({ length: value.length }, (_, index) => read(value[index], `${path}[${index}]`));
  };
}

/** Reads a non-empty array of non-empty strings (`attributesToGet`). @internal */
export const nonEmptyTextList: Converter<string[]> = (value, path) => {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidParameterError(path, `must be a non-empty array of strings, got ${kindOf(value)}`);
  return Array.from(value, (entry: unknown, index) => nonEmptyText(entry, `${path}[${index}]`));
};

/** Reads a function of the type the field declares (called later, so only its kind is checked). @internal */
export function callable<F extends (...args: never[]) => unknown>(): Reader<F> {
  return (value, path) => {
    if (typeof value !== 'function') throw new InvalidParameterError(path, `must be a function, got ${kindOf(value)}`);
    return value as F;
  };
}

/**
 * Takes the value as it is, for a field whose checks need other fields and happen where it is used
 * (the client's `credentials`, checked with its profile and environment). @internal
 */
export function checkedWhereUsed<T>(): Reader<T> {
  return (value) => value as T;
}

/** `read`, or `fallback` for `undefined` (an optional parameter left out); the fallback is shared, so it is frozen. @internal */
export function orDefault<In, Out>(read: Converter<In, Out>, fallback: Out): Converter<In | undefined, Out> {
  const shared = Object.freeze(fallback);
  return (value, path) => (value === undefined ? shared : read(value, path));
}
