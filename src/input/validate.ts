import { InvalidParameterError } from '../errors/client-errors.js';
import { isPlainObject } from '../util/is-record.js';
import { kindOf } from '../util/kind-of.js';
import { listOf } from './reader.js';

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[a-zA-Z0-9_.-]{3,255}$/;

/** Checks a table name (3-255 of `a-z A-Z 0-9 _ - .`) or a table ARN, and returns it. */
export function tableName(value: unknown, parameter = 'table'): string {
  if (typeof value !== 'string') throw new InvalidParameterError(parameter, `must be a table name string, got ${kindOf(value)}`);
  if (!TABLE_NAME.test(value) && !(value.length <= 1024 && TABLE_ARN.test(value))) {
    throw new InvalidParameterError(parameter, `"${value.slice(0, 300)}" is not a valid table name: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.' (or a table ARN)`);
  }
  return value;
}

/** Checks that `value` is an object (not an array or null; class instances too), and returns it. */
export function anyObject(value: unknown, parameter: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidParameterError(parameter, `must be an object, got ${kindOf(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Checks that `value` is a plain object (not an array, class instance or null), and returns it. */
export function plainObject(value: unknown, parameter: string): Record<string, unknown> {
  anyObject(value, parameter);
  if (!isPlainObject(value)) {
    throw new InvalidParameterError(parameter, `must be a plain object, got ${kindOf(value)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Checks that `value` is an array of 1 to `max` entries (`noun` names them in messages, e.g. `statements`),
 * and returns them read by `read`, in order, as a fresh array; errors name the entry, e.g. `items[2]`.
 * A hole (a sparse array) is read as `undefined`, which `read` refuses, rather than skipped. `max` may be `Infinity`.
 */
export function boundedList<Out>(value: unknown, parameter: string, max: number, noun: string, read: (entry: unknown, path: string) => Out): Out[] {
  const size = max === Infinity ? 'at least 1' : `1 to ${max}`;
  if (!Array.isArray(value)) throw new InvalidParameterError(parameter, `must be an array of ${size} ${noun}, got ${kindOf(value)}`);
  if (value.length === 0 || value.length > max) throw new InvalidParameterError(parameter, `must hold ${size} ${noun}, got ${value.length}`);
  return listOf(read)(value, parameter);
}
