import { InvalidParameterError } from '../errors/client-errors.js';
import { marshall } from '../marshall/marshall.js';
import { kindOf } from '../util/kind-of.js';
import { plainObject } from './validate.js';

/** Checks one option and turns it into its wire value. @internal */
export type OptionConverter = (value: unknown, parameter: string) => unknown;

/** The options one operation accepts: camelCase name -> converter; the wire name is its PascalCase. @internal */
export type OptionSpec = Readonly<Record<string, OptionConverter>>;

/** A string option. */
export const string: OptionConverter = (value, parameter) => {
  if (typeof value !== 'string' || value === '') throw new InvalidParameterError(parameter, `must be a non-empty string, got ${kindOf(value)}`);
  return value;
};

/** A boolean option. */
export const boolean: OptionConverter = (value, parameter) => {
  if (typeof value !== 'boolean') throw new InvalidParameterError(parameter, `must be true or false, got ${kindOf(value)}`);
  return value;
};

/** An integer option within `[min, max]`. */
export function integer(min: number, max: number): OptionConverter {
  return (value, parameter) => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      throw new InvalidParameterError(parameter, `must be an integer from ${min} to ${max}, got ${typeof value === 'number' ? value : kindOf(value)}`);
    }
    return value;
  };
}

/** One of a fixed set of strings. */
export function oneOf(...allowed: string[]): OptionConverter {
  return (value, parameter) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new InvalidParameterError(parameter, `must be one of ${allowed.join(', ')}, got ${typeof value === 'string' ? `"${value}"` : kindOf(value)}`);
    }
    return value;
  };
}

/** A non-empty array of non-empty strings. */
export const stringList: OptionConverter = (value, parameter) => {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidParameterError(parameter, `must be a non-empty array of strings, got ${kindOf(value)}`);
  value.forEach((entry, index) => string(entry, `${parameter}[${index}]`));
  return value;
};

/** `expressionAttributeNames`: `{ '#name': 'attribute' }`. */
export const attributeNames: OptionConverter = (value, parameter) => {
  const names = plainObject(value, parameter);
  for (const [placeholder, name] of Object.entries(names)) {
    if (!placeholder.startsWith('#')) throw new InvalidParameterError(`${parameter}.${placeholder}`, 'placeholders must start with "#"');
    string(name, `${parameter}.${placeholder}`);
  }
  return names;
};

/** `expressionAttributeValues`: `{ ':value': nativeValue }`, marshalled. */
export const attributeValues: OptionConverter = (value, parameter) => {
  const values = plainObject(value, parameter);
  for (const placeholder of Object.keys(values)) {
    if (!placeholder.startsWith(':')) throw new InvalidParameterError(`${parameter}.${placeholder}`, 'placeholders must start with ":"');
  }
  return marshall(values, parameter);
};

/** A primary key (or start key) of native values, marshalled. */
export const key: OptionConverter = (value, parameter) => {
  const attributes = plainObject(value, parameter);
  if (Object.keys(attributes).length === 0) throw new InvalidParameterError(parameter, 'must name at least one key attribute');
  return marshall(attributes, parameter);
};

const wireNames = new Map<string, string>();
function wireName(option: string): string {
  let name = wireNames.get(option);
  if (name === undefined) {
    name = option.charAt(0).toUpperCase() + option.slice(1);
    wireNames.set(option, name);
  }
  return name;
}

/**
 * Checks `options` against `spec` and calls `accept` with each set option, converted. Unknown
 * names are refused with the list of allowed ones; `undefined` values are skipped.
 */
function eachOption(options: unknown, spec: OptionSpec, parameter: string, accept: (name: string, value: unknown) => void): void {
  if (options === undefined) return;
  const given = plainObject(options, parameter);
  // Own names only, looked up as own names: `constructor` or `toString` is an unknown option, not Object.prototype's.
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const convert = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!convert) {
      throw new InvalidParameterError(`${parameter}.${name}`, `unknown option; allowed: ${Object.keys(spec).join(', ')}`);
    }
    accept(name, convert(value, `${parameter}.${name}`));
  }
}

/** Checks client-side `options` against `spec` and returns them converted, under their own names. */
export function readOptions(options: unknown, spec: OptionSpec, parameter = 'options'): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  eachOption(options, spec, parameter, (name, value) => (result[name] = value));
  return result;
}

/** Checks `options` against `spec` and writes each set option, converted, under its wire name into `target`. */
export function applyOptions(target: Record<string, unknown>, options: unknown, spec: OptionSpec, parameter = 'options'): Record<string, unknown> {
  eachOption(options, spec, parameter, (name, value) => (target[wireName(name)] = value));
  return target;
}

/** Options every read or write accepts. */
export const CONSUMED_CAPACITY: OptionSpec = { returnConsumedCapacity: oneOf('INDEXES', 'TOTAL', 'NONE') };
/** Options of calls that use expression placeholders. */
export const EXPRESSION_ATTRIBUTES: OptionSpec = { expressionAttributeNames: attributeNames, expressionAttributeValues: attributeValues };
/** Options of single-item writes. */
export const WRITE_OPTIONS: OptionSpec = {
  ...CONSUMED_CAPACITY,
  ...EXPRESSION_ATTRIBUTES,
  conditionExpression: string,
  returnItemCollectionMetrics: oneOf('SIZE', 'NONE'),
  returnValuesOnConditionCheckFailure: oneOf('ALL_OLD', 'NONE'),
};
