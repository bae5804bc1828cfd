import { toBase64 } from './binary.js';
import { bigintText, numberText } from './decimal.js';
import { deeper } from './depth.js';
import { marshallSet } from './marshall-set.js';
import { NumberValue } from './number-value.js';
import { numericText } from './number-wire.js';
import { indexSegment, nameSegment, Refusal, settle, within } from './path.js';
import { checkedName, checkedText } from './text.js';
import type { AttributeMap, AttributeValue } from './types.js';
import { unsupportedProblem } from './unsupported.js';
import { isPlainObject } from '../util/is-record.js';
import { kindOf } from '../util/kind-of.js';
import { setOwnProperty } from '../util/own-property.js';

/** V8 drops this check inside for...in over the same object, unlike Object.hasOwn. */
const hasOwn = Object.prototype.hasOwnProperty;

function marshallMap(map: Record<string, unknown>, depth: number): AttributeMap {
  const wire: AttributeMap = {};
  let name = '';
  try {
    for (name in map) {
      if (!hasOwn.call(map, name)) continue;
      const value = map[name];
      if (value === undefined) continue;
      const attribute = marshallAny(value, depth);
      setOwnProperty(wire, checkedName(name), attribute);
    }
  } catch (error) {
    throw within(error, nameSegment(name));
  }
  return wire;
}

function marshallList(list: readonly unknown[], depth: number): AttributeValue[] {
  const wire: AttributeValue[] = [];
  let index = 0;
  try {
    for (; index < list.length; index++) {
      const value = list[index];
      if (value === undefined) {
        throw new Refusal(
          index in list
            ? 'undefined cannot be stored in a list: use null, or remove the element'
            : 'the array has a hole here (a sparse array): DynamoDB lists have no holes; fill it with null or compact the array',
        );
      }
      wire.push(marshallAny(value, depth));
    }
  } catch (error) {
    throw within(error, indexSegment(index));
  }
  return wire;
}

function marshallObject(value: object, depth: number): AttributeValue {
  if (Array.isArray(value)) return { L: marshallList(value, deeper(depth)) };
  if (isPlainObject(value)) return { M: marshallMap(value, deeper(depth)) };
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return { B: toBase64(value) };
  if (value instanceof Set) return marshallSet(value);
  if (NumberValue.isNumberValue(value)) return { N: numericText(value) };
  throw new Refusal(unsupportedProblem(value));
}

/** One value inside a container at level `depth`. */
function marshallAny(value: unknown, depth: number): AttributeValue {
  switch (typeof value) {
    case 'string':
      return { S: checkedText(value) };
    case 'number':
      return { N: numberText(value) };
    case 'boolean':
      return { BOOL: value };
    case 'bigint':
      return { N: bigintText(value) };
    case 'object':
      return value === null ? { NULL: true } : marshallObject(value, depth);
    default:
      throw new Refusal(unsupportedProblem(value));
  }
}

/**
 * A native item (a plain object) as a wire attribute map. Properties whose value is `undefined` are omitted,
 * as `JSON.stringify` does; `-0` is stored as `0`, DynamoDB having no negative zero. Anything DynamoDB could
 * not store exactly is refused.
 *
 * @param parameter names the input in error paths, e.g. `'key'` gives `key.id`.
 * @throws InvalidParameterError naming the attribute path (`item.tags[3]`, `item.scores<set>`) and the fix.
 * @example
 * marshall({ id: 'u1', age: 42, tags: new Set(['a']) });
 * // { id: { S: 'u1' }, age: { N: '42' }, tags: { SS: ['a'] } }
 */
export function marshall(item: object, parameter = 'item'): AttributeMap {
  try {
    if (isPlainObject(item)) return marshallMap(item, 1);
    throw new Refusal(`expected a plain object of attribute names to values, got ${kindOf(item)}`);
  } catch (error) {
    throw settle(error, parameter);
  }
}

/**
 * One native value as a wire attribute value, by the rules of {@link marshall}; `undefined` is refused.
 *
 * @example
 * marshallValue(2n ** 64n, 'expressionAttributeValues[":big"]'); // { N: '18446744073709551616' }
 */
export function marshallValue(value: unknown, parameter: string): AttributeValue {
  try {
    return marshallAny(value, 1);
  } catch (error) {
    throw settle(error, parameter);
  }
}
