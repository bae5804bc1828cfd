import { toBase64 } from './binary.js';
import { decimalKey, readDecimal } from './decimal.js';
import { NumberValue } from './number-value.js';
import { numericText } from './number-wire.js';
import { quote, Refusal, SET_SEGMENT, within } from './path.js';
import { checkedText } from './text.js';
import type { AttributeValue } from './types.js';
import { kindOf } from './unsupported.js';

function isNumeric(value: unknown): value is number | bigint | NumberValue {
  return typeof value === 'number' || typeof value === 'bigint' || NumberValue.isNumberValue(value);
}

function isBytes(value: unknown): value is Uint8Array | ArrayBuffer {
  return value instanceof Uint8Array || value instanceof ArrayBuffer;
}

function mixed(expected: string, element: unknown): Refusal {
  return new Refusal(`a DynamoDB set holds one kind of element; this one mixes ${expected} with ${kindOf(element)}: use a list (an array) for mixed values`);
}

function duplicate(what: string): Refusal {
  return new Refusal(`the set holds ${what} twice, as different JS values; DynamoDB refuses duplicates in a set: remove one`);
}

function stringSet(set: ReadonlySet<unknown>): string[] {
  const wire: string[] = [];
  for (const element of set) {
    if (typeof element !== 'string') throw mixed('strings', element);
    wire.push(checkedText(element));
  }
  return wire;
}

function numberSet(set: ReadonlySet<unknown>): string[] {
  const wire: string[] = [];
  const seen = new Set<string>();
  for (const element of set) {
    if (!isNumeric(element)) throw mixed('numbers', element);
    const text = numericText(element);
    const key = decimalKey(readDecimal(text));
    if (seen.has(key)) throw duplicate(`the number ${quote(text)}`);
    seen.add(key);
    wire.push(text);
  }
  return wire;
}

function binarySet(set: ReadonlySet<unknown>): string[] {
  const wire: string[] = [];
  const seen = new Set<string>();
  for (const element of set) {
    if (!isBytes(element)) throw mixed('binary', element);
    const text = toBase64(element);
    if (seen.has(text)) throw duplicate(`the same ${element.byteLength} bytes`);
    seen.add(text);
    wire.push(text);
  }
  return wire;
}

/**
 * A Set as SS, NS or BS, by the kind of its elements: strings, numbers (`number`, `bigint`, `NumberValue`) or
 * bytes (`Uint8Array`, `ArrayBuffer`). Empty sets, mixed kinds and elements with the same wire value (`1` and
 * `1n`, equal bytes) throw a {@link Refusal}.
 *
 * @internal
 */
export function marshallSet(set: ReadonlySet<unknown>): AttributeValue {
  if (set.size === 0) {
    throw new Refusal('DynamoDB has no empty sets: leave the attribute out (or REMOVE it in an update), or store an empty list');
  }
  const first: unknown = set.values().next().value;
  try {
    if (typeof first === 'string') return { SS: stringSet(set) };
    if (isNumeric(first)) return { NS: numberSet(set) };
    if (isBytes(first)) return { BS: binarySet(set) };
    throw new Refusal(`a DynamoDB set holds strings, numbers or binary, not ${kindOf(first)}: use a list (an array) instead`);
  } catch (error) {
    throw within(error, SET_SEGMENT);
  }
}
