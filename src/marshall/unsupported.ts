import { constructorName } from '../util/kind-of.js';

/** What to do instead, for objects people often try to store. */
const ADVICE: ReadonlyArray<readonly [abstract new (...args: never[]) => object, string]> = [
  [Date, 'store date.toISOString() (a sortable string) or date.getTime() (a number)'],
  [Map, 'convert it with Object.fromEntries(map) (string keys) or store its entries as a list'],
  [RegExp, 'store its .source (and .flags) as strings'],
  [Promise, 'await it and store the result'],
  [Error, 'store the fields you need, e.g. { name: e.name, message: e.message }'],
  [WeakMap, 'its entries cannot be listed, so it cannot be stored'],
  [WeakSet, 'its entries cannot be listed, so it cannot be stored'],
  [String, 'store the primitive string, value.valueOf()'],
  [Number, 'store the primitive number, value.valueOf()'],
  [Boolean, 'store the primitive boolean, value.valueOf()'],
];


/**
 * Why `value` (a function, symbol, or an object that is neither a plain object, array, Set, Uint8Array,
 * ArrayBuffer nor NumberValue) cannot be marshalled, and what to store instead.
 *
 * @internal
 */
export function unsupportedProblem(value: unknown): string {
  if (typeof value === 'function') return 'a function cannot be stored in DynamoDB: store the data it computes';
  if (typeof value === 'symbol') return 'a symbol cannot be stored in DynamoDB: store its description as a string';
  if (value === undefined) return 'undefined cannot be stored in DynamoDB: use null, or leave the property out (undefined object properties are omitted)';
  const object = value as object;
  const kind = constructorName(object);
  if (ArrayBuffer.isView(object)) {
    return `this ${kind} is not stored as binary (only Uint8Array is: other views have element sizes and byte order): ` +
      'pass new Uint8Array(view.buffer, view.byteOffset, view.byteLength) to store its bytes';
  }
  for (const [type, advice] of ADVICE) {
    if (object instanceof type) return `this ${kind} is not a DynamoDB type: ${advice}`;
  }
  return `this ${kind} is not a DynamoDB type: only plain objects become maps (M); copy the fields you need into a plain object`;
}
