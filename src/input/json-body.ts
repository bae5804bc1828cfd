import { InvalidParameterError } from '../errors/client-errors.js';
import { indexSegment, nameSegment } from '../marshall/path.js';
import { isPlainObject } from '../util/is-record.js';
import { kindOf } from '../util/kind-of.js';
import { plainObject } from './validate.js';

/** Nesting deeper than any DynamoDB request (attributes nest 32 levels, two JSON levels each). */
const MAX_DEPTH = 256;

/** Why `value` would not go into JSON as it is, or undefined when it would. */
function problemOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${value} is not a JSON number (JSON would send null)`;
    case 'bigint':
      return 'a bigint is not JSON: send DynamoDB numbers as strings, e.g. { N: "12345678901234567890" }';
    case 'undefined':
      return 'undefined in an array is not JSON (JSON would send null): use null, or remove the element';
    case 'object':
      return value === null || Array.isArray(value) || isPlainObject(value)
        ? undefined
        : `${kindOf(value)} is not JSON data (only plain objects, arrays, strings, finite numbers, booleans and null are): convert it to the wire form first`;
    default:
      return `${kindOf(value)} is not JSON (JSON would leave it out)`;
  }
}

/** Sets `name` on `copy` as an own property, even `__proto__` (plain assignment would set the prototype). */
function setOwn(copy: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(copy, name, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Checks that a raw wire body (of `execute`) goes into JSON exactly as it is: plain objects, arrays,
 * strings, finite numbers, booleans and null, without cycles, at most 256 levels deep. Properties whose
 * value is `undefined` are left out, as JSON does; anything JSON would change or drop (a bigint, NaN,
 * a function, a Date, a Map, `undefined` in an array) or cannot write (a cycle) is refused naming its
 * path, e.g. `body.Item.n`. Returns a copy made of the values it checked, each read once, so a getter
 * cannot read valid here and otherwise when the body is sent. @internal
 */
export function jsonBody(value: unknown, path: string): Record<string, unknown> {
  const body = plainObject(value, path);
  const open = new Set<object>();
  const copyOf = (node: unknown, at: string, depth: number): unknown => {
    const problem = problemOf(node);
    if (problem !== undefined) throw new InvalidParameterError(at, problem);
    if (typeof node !== 'object' || node === null) return node;
    if (open.has(node)) throw new InvalidParameterError(at, 'refers back to an object that contains it (a cycle): JSON cannot write it');
    if (depth > MAX_DEPTH) throw new InvalidParameterError(at, `nests deeper than ${MAX_DEPTH} levels; no DynamoDB request does`);
    open.add(node);
    let copy: unknown[] | Record<string, unknown>;
    if (Array.isArray(node)) {
      // An index loop, not map: a hole (a sparse array) is undefined here, as JSON would send it: null.
      copy = [];
      for (let index = 0; index < node.length; index++) copy.push(copyOf(node[index], at + indexSegment(index), depth + 1));
    } else {
      copy = {};
      for (const name of Object.keys(node)) {
        const property = (node as Record<string, unknown>)[name];
        if (property !== undefined) setOwn(copy, name, copyOf(property, at + nameSegment(name), depth + 1));
      }
    }
    open.delete(node);
    return copy;
  };
  return copyOf(body, path, 0) as Record<string, unknown>;
}
