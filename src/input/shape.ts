// Objects read field by field against a declarative description typed against their interface, so
// the two cannot drift apart: one mechanism for call options (camelCase in, wire names out), the
// control plane's wire-shaped input, client-side options and the client's own options.
import { InvalidParameterError } from '../errors/client-errors.js';
import type { Converter, Reader } from './reader.js';
import { plainObject } from './validate.js';

/** One field of an object: its converter, whether it may be left out, and how it is named on the way out. @internal */
export interface Field<In, Out, Optional extends boolean> {
  readonly read: Converter<In, Out>;
  readonly optional: Optional;
  /** For a required field: the problem when it is missing. Without it, `read` judges `undefined`. */
  readonly missing?: string;
  /** The name it goes out under, when not the one its object gives it (e.g. `table` as `TableName`). */
  readonly as?: string;
}

/** A field that must be set; `missing` (e.g. `'is required, e.g. "pk = :pk"'`) is the problem when it is not. @internal */
export function required<In, Out>(read: Converter<In, Out>, missing?: string): Field<In, Out, false> {
  return missing === undefined ? { read, optional: false } : { read, optional: false, missing };
}

/** A field that may be left out (or `undefined`, which JSON leaves out too). @internal */
export function optional<In, Out>(read: Converter<In, Out>): Field<In, Out, true> {
  return { read, optional: true };
}

/** `field`, going out under `name` (e.g. a transaction action's `table` as `TableName`). @internal */
export function sentAs<In, Out, Optional extends boolean>(name: string, field: Field<In, Out, Optional>): Field<In, Out, Optional> {
  return { ...field, as: name };
}

/**
 * A field for each field of `T`, whose converter reads exactly that field's type, optional exactly where
 * `T`'s field is: a field missing here or unknown to `T`, a converter of another type, or a literal union
 * listed with a member more or less does not compile. With `Same`, each converter must also return the
 * field's own type, so that the object read is a `T` ({@link Shape}); wire options convert to anything.
 * @internal
 */
export type Fields<T extends object, Same extends boolean = false> = {
  readonly [K in keyof T]-?: {} extends Pick<T, K>
    ? Field<Exclude<T[K], undefined>, Same extends true ? Exclude<T[K], undefined> : unknown, true>
    : Field<T[K], Same extends true ? T[K] : unknown, false>;
};

/** {@link Fields} whose converters return the field's own type, so that the object read is a `T`. @internal */
export type Shape<T extends object> = Fields<T, true>;

/** How a bag reads what surrounds its fields. @internal */
export interface BagOptions {
  /** Reads the value as an object before its fields are read. @default plain objects only */
  readonly object?: Converter<object, Record<string, unknown>>;
  /** The error for a name the bag does not list; `allowed` are the names it does. @default {@link unknownField} */
  readonly unknown?: (path: string, name: string, allowed: readonly string[]) => Error;
  /**
   * Also reads each listed name the object holds but not as an own enumerable field (a class instance's
   * getter, a prototype's field), by property access. Names held only by `Object.prototype` are never read.
   * @default false
   */
  readonly inherited?: boolean;
}

/** The refusal of a name a wire-shaped object does not have. @internal */
export function unknownField(path: string, _name: string, allowed: readonly string[]): Error {
  return new InvalidParameterError(path, `unknown field; allowed: ${allowed.join(', ')}`);
}

/** The refusal of a name an option bag does not have. @internal */
export function unknownOption(path: string, _name: string, allowed: readonly string[]): Error {
  return new InvalidParameterError(path, `unknown option; allowed: ${allowed.join(', ')}`);
}

type AnyField = Field<unknown, unknown, boolean>;

/**
 * Whether `name` is a property of `value` itself (enumerable or not) or of one of its prototypes short of
 * `Object.prototype`, so that a polluted `Object.prototype` never supplies a value.
 */
function holds(value: object, name: string): boolean {
  for (let holder: object | null = value; holder !== null && holder !== Object.prototype; holder = Object.getPrototypeOf(holder) as object | null) {
    if (Object.hasOwn(holder, name)) return true;
  }
  return false;
}

/**
 * Reads an object with exactly these fields: a name it does not list is refused (`Object.prototype`'s
 * names included: names are looked up in a Map, never on an object), even when its value is
 * `undefined`; each field set is read by its converter and goes out under `outName(name)`; a required
 * field missing is refused. The result is a fresh object holding only the fields read, in the order given.
 * With `inherited`, the listed names the object inherits or holds as getters are read too ({@link BagOptions}).
 */
function bag(fields: object, outName: (name: string) => string, options: BagOptions): (value: unknown, path: string) => Record<string, unknown> {
  const known = new Map<string, { read: Converter<unknown, unknown>; out: string }>();
  const requiredFields: { name: string; out: string; field: AnyField }[] = [];
  for (const [name, field] of Object.entries(fields) as [string, AnyField][]) {
    const out = field.as ?? outName(name);
    known.set(name, { read: field.read, out });
    if (!field.optional) requiredFields.push({ name, out, field });
  }
  const allowed = [...known.keys()];
  const { object = plainObject, unknown = unknownField, inherited = false } = options;
  return (value, path) => {
    const given = object(value, path);
    const names = Object.keys(given);
    for (const name of names) {
      if (!known.has(name)) throw unknown(`${path}.${name}`, name, allowed);
    }
    if (inherited) names.push(...allowed.filter((name) => !names.includes(name) && holds(given, name)));
    const result: Record<string, unknown> = {};
    for (const name of names) {
      const fieldValue = given[name];
      if (fieldValue === undefined) continue;
      const { read, out } = known.get(name)!;
      result[out] = read(fieldValue, `${path}.${name}`);
    }
    for (const { name, out, field } of requiredFields) {
      if (Object.hasOwn(result, out)) continue;
      if (field.missing !== undefined) throw new InvalidParameterError(`${path}.${name}`, field.missing);
      result[out] = field.read(undefined, `${path}.${name}`);
    }
    return result;
  };
}

/**
 * Reads an object as it is, field names kept: the control plane's wire-shaped input, and client-side
 * option bags (with `unknown: unknownOption`).
 * @example shape<Tag>({ Key: required(text), Value: required(text) })
 * @internal
 */
export function shape<T extends object>(fields: Shape<T>, options: BagOptions = {}): Reader<T> {
  return bag(fields, (name) => name, options) as Reader<T>;
}

/** A request body's fields, by wire name. @internal */
export type WireFields = Record<string, unknown>;

/**
 * Reads a call's options: camelCase names in, each converted and under its wire name (the PascalCase
 * of its name, or its `as`) out, ready to go into the request body.
 * @example wireOptions<GetItemOptions>({ consistentRead: optional(flag), ... })({ consistentRead: true }, 'options') // { ConsistentRead: true }
 * @internal
 */
export function wireOptions<T extends object>(fields: Fields<T>): Converter<T, WireFields> {
  return bag(fields, (name) => name.charAt(0).toUpperCase() + name.slice(1), { unknown: unknownOption });
}
