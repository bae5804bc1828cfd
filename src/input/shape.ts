// Checking input against a declarative description of its shape: one `shape({...})` per object type,
// typed against that type's interface so that the two cannot drift apart.
import { InvalidParameterError } from '../errors/client-errors.js';
import { boolean, oneOf } from './options.js';
import { kindOf } from '../util/kind-of.js';
import { plainObject } from './validate.js';

/**
 * Checks a value found at `path` and returns it as a `T` (objects and arrays as fresh copies of
 * what was checked); throws an `InvalidParameterError` naming `path` otherwise. @internal
 */
export type Reader<T> = (value: unknown, path: string) => T;

/** One field of a {@link shape}: its reader, and whether the field may be left out. @internal */
export interface Field<T, Optional extends boolean> {
  readonly read: Reader<T>;
  readonly optional: Optional;
}

/** A field that must be set. @internal */
export function required<T>(read: Reader<T>): Field<T, false> {
  return { read, optional: false };
}

/** A field that may be left out (or `undefined`, which JSON leaves out too). @internal */
export function optional<T>(read: Reader<T>): Field<T, true> {
  return { read, optional: true };
}

/**
 * A field for each field of `T`, whose reader reads that field's type, optional exactly where `T`'s
 * field is: a field missing here or unknown to `T`, or a reader of another type, does not compile.
 * @internal
 */
export type Fields<T extends object> = {
  readonly [K in keyof T]-?: {} extends Pick<T, K> ? Field<Exclude<T[K], undefined>, true> : Field<T[K], false>;
};

/**
 * Reads a plain object with exactly these fields: a name it does not list (`Object.prototype`'s
 * own names included) is refused with the allowed ones, each field is read by its reader, and
 * the result holds only the fields read.
 * @internal
 */
export function shape<T extends object>(fields: Fields<T>): Reader<T> {
  const known = new Map(Object.entries(fields) as [string, Field<unknown, boolean>][]);
  const allowed = [...known.keys()].join(', ');
  return (value, path) => {
    const given = plainObject(value, path);
    for (const name of Object.keys(given)) {
      if (!known.has(name)) throw new InvalidParameterError(`${path}.${name}`, `unknown field; allowed: ${allowed}`);
    }
    const result: Record<string, unknown> = {};
    for (const [name, field] of known) {
      const fieldValue = Object.hasOwn(given, name) ? given[name] : undefined;
      if (fieldValue === undefined && field.optional) continue;
      result[name] = field.read(fieldValue, `${path}.${name}`);
    }
    return result as T;
  };
}

/** Reads an array whose every element `read` reads. @internal */
export function listOf<T>(read: Reader<T>): Reader<readonly T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new InvalidParameterError(path, `must be an array, got ${kindOf(value)}`);
    return Array.from({ length: value.length }, (_, index) => read(value[index], `${path}[${index}]`));
  };
}

/**
 * Reads a member of the string union `T`, whose members are the keys of `members`: listed as a
 * `Record<T, true>`, the list can neither miss a member nor add one. @internal
 */
export function literal<T extends string>(members: Readonly<Record<T, true>>): Reader<T> {
  return oneOf(...Object.keys(members)) as Reader<T>;
}

/** Reads a string (empty included). @internal */
export const text: Reader<string> = (value, path) => {
  if (typeof value !== 'string') throw new InvalidParameterError(path, `must be a string, got ${kindOf(value)}`);
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

/** Reads a safe integer. @internal */
export const safeInteger: Reader<number> = (value, path) => {
  if (!Number.isSafeInteger(value)) throw new InvalidParameterError(path, `must be an integer, got ${typeof value === 'number' ? value : kindOf(value)}`);
  return value as number;
};

/** Reads `true` or `false`. @internal */
export const flag = boolean as Reader<boolean>;
