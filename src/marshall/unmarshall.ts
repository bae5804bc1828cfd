import { fromBase64 } from './binary.js';
import { deeper } from './depth.js';
import { nativeNumber } from './number-wire.js';
import type { NumberValue } from './number-value.js';
import { indexSegment, nameSegment, Refusal, SET_SEGMENT, settle, within } from './path.js';
import type { AttributeMap, AttributeValue, NativeSet, NativeValue, UnmarshallOptions } from './types.js';
import { isRecord } from '../util/is-record.js';
import { kindOf } from '../util/kind-of.js';
import { setOwnProperty } from '../util/own-property.js';

/** V8 drops this check inside for...in over the same object, unlike Object.hasOwn. */
const hasOwn = Object.prototype.hasOwnProperty;

const TYPE_KEYS = 'S, N, B, BOOL, NULL, L, M, SS, NS or BS';

/** What each scalar or container type key holds on the wire, for messages. */
const EXPECTED: Readonly<Record<'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'L' | 'M', string>> = {
  S: 'a string',
  N: 'a decimal number as a string',
  B: 'base64 text',
  BOOL: 'true or false',
  NULL: 'true',
  L: 'an array',
  M: 'an object',
};

function unmarshallMap(map: Record<string, unknown>, wrapNumbers: boolean, depth: number): Record<string, NativeValue> {
  const native: Record<string, NativeValue> = {};
  let name = '';
  try {
    for (name in map) {
      if (!hasOwn.call(map, name)) continue;
      const value = unmarshallAny(map[name], wrapNumbers, depth);
      setOwnProperty(native, name, value);
    }
  } catch (error) {
    throw within(error, nameSegment(name));
  }
  return native;
}

function unmarshallList(list: readonly unknown[], wrapNumbers: boolean, depth: number): NativeValue[] {
  const native: NativeValue[] = [];
  let index = 0;
  try {
    for (; index < list.length; index++) native.push(unmarshallAny(list[index], wrapNumbers, depth));
  } catch (error) {
    throw within(error, indexSegment(index));
  }
  return native;
}

/** The elements of a wire set, checked to be a non-empty array of strings. */
function setElements(elements: unknown, tag: string): readonly string[] {
  if (!Array.isArray(elements) || elements.length === 0) {
    throw new Refusal(`${tag} must hold a non-empty array of strings; DynamoDB has no empty sets`);
  }
  for (const element of elements) {
    if (typeof element !== 'string') throw within(new Refusal(`${tag} elements must be strings, not ${typeof element}`), SET_SEGMENT);
  }
  return elements as readonly string[];
}

function unmarshallSet(elements: unknown, tag: 'SS' | 'NS' | 'BS', wrapNumbers: boolean): NativeSet {
  const texts = setElements(elements, tag);
  const unique = new Set(texts);
  if (unique.size !== texts.length) throw new Refusal(`${tag} holds the same element twice; DynamoDB never sends duplicates in a set`);
  if (tag === 'SS') return unique;
  try {
    if (tag === 'BS') {
      const bytes = new Set<Uint8Array>();
      for (const text of texts) bytes.add(fromBase64(text));
      return bytes;
    }
    const numbers = new Set<number | bigint | NumberValue>();
    for (const text of texts) numbers.add(nativeNumber(text, wrapNumbers));
    if (numbers.size !== texts.length) throw new Refusal('NS holds the same number twice in different notations; DynamoDB never sends duplicates in a set');
    return numbers;
  } catch (error) {
    throw within(error, SET_SEGMENT);
  }
}

/** One wire value inside a container at level `depth`. */
function unmarshallAny(attribute: unknown, wrapNumbers: boolean, depth: number): NativeValue {
  if (typeof attribute !== 'object' || attribute === null) {
    throw new Refusal(`expected an attribute value object such as { "S": "text" }, got ${kindOf(attribute)}`);
  }
  // for...in reads the one key and its value through V8's enum cache: no allocation, unlike Object.keys.
  let tag: string | undefined;
  let value: unknown;
  let keys = 0;
  for (const key in attribute) {
    tag = key;
    value = (attribute as Record<string, unknown>)[key];
    keys++;
  }
  if (keys > 1) throw new Refusal(`an attribute value has exactly one type key (${TYPE_KEYS}), this one has ${keys}`);
  switch (tag) {
    case 'S':
      if (typeof value === 'string') return value;
      break;
    case 'N':
      if (typeof value === 'string') return nativeNumber(value, wrapNumbers);
      break;
    case 'BOOL':
      if (typeof value === 'boolean') return value;
      break;
    case 'NULL':
      if (value === true) return null;
      break;
    case 'M':
      if (isRecord(value)) return unmarshallMap(value, wrapNumbers, deeper(depth));
      break;
    case 'L':
      if (Array.isArray(value)) return unmarshallList(value, wrapNumbers, deeper(depth));
      break;
    case 'B':
      if (typeof value === 'string') return fromBase64(value);
      break;
    case 'SS':
    case 'NS':
    case 'BS':
      return unmarshallSet(value, tag, wrapNumbers);
    case undefined:
      throw new Refusal(`an attribute value needs one type key (${TYPE_KEYS}), this one has none`);
    default:
      throw new Refusal(`unknown attribute value type ${JSON.stringify(tag.slice(0, 40))}: expected ${TYPE_KEYS}`);
  }
  throw new Refusal(`${tag} must hold ${EXPECTED[tag]}, not ${kindOf(value)}`);
}

/**
 * A wire attribute map (an item, key, or stream image) as a native object. Numbers never lose precision: a
 * `number` when a double holds the decimal exactly, else a `bigint` (integers) or a {@link NumberValue};
 * binary comes back as plain `Uint8Array`, sets as `Set`.
 *
 * @throws InvalidParameterError naming the path (`map.tags<set>`) when the input is not valid wire JSON.
 * @example
 * unmarshall({ id: { S: 'u1' }, big: { N: '9007199254740993' } }); // { id: 'u1', big: 9007199254740993n }
 */
export function unmarshall<T = Record<string, NativeValue>>(map: AttributeMap, options?: UnmarshallOptions): T {
  try {
    return unmarshallOrRefuse<T>(map, options?.wrapNumbers === true);
  } catch (error) {
    throw settle(error, 'map');
  }
}

/**
 * {@link unmarshall} for data the caller did not write (server responses): a problem throws the neutral
 * {@link Refusal}, with its path below the map, for the response readers to report as a malformed response
 * rather than as bad input.
 *
 * @internal
 */
export function unmarshallOrRefuse<T>(map: unknown, wrapNumbers = false): T {
  if (!isRecord(map)) throw new Refusal(`expected an attribute map object such as { "id": { "S": "a" } }, got ${kindOf(map)}`);
  return unmarshallMap(map, wrapNumbers, 1) as T;
}

/**
 * One wire attribute value as a native value, by the rules of {@link unmarshall}.
 *
 * @example
 * unmarshallValue({ NS: ['1', '0.1'] }); // Set { 1, 0.1 }
 */
export function unmarshallValue(value: AttributeValue, options?: UnmarshallOptions): NativeValue {
  try {
    return unmarshallAny(value, options?.wrapNumbers === true, 1);
  } catch (error) {
    throw settle(error, 'value');
  }
}
