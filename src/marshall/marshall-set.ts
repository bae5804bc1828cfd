import { toBase64 } from './binary.js';
import { decimalKey, readDecimal } from './decimal.js';
import { NumberValue } from './number-value.js';
import { numericText } from './number-wire.js';
import { quote, Refusal, SET_SEGMENT, within } from './path.js';
import { checkedText } from './text.js';
import type { AttributeValue } from './types.js';
import { kindOf } from '../util/kind-of.js';

/** How one of DynamoDB's three set types takes its elements. */
interface SetKind {
  /** The elements it holds, for messages. */
  readonly elements: string;
  accepts(element: unknown): boolean;
  /** The element's wire text, checked; throws a {@link Refusal}. */
  text(element: unknown): string;
  /** What DynamoDB compares to find duplicates; absent when a JS Set already rules them out. */
  readonly identity?: (text: string) => string;
}

const STRINGS: SetKind = {
  elements: 'strings',
  accepts: (element) => typeof element === 'string',
  text: (element) => checkedText(element as string),
};

const NUMBERS: SetKind = {
  elements: 'numbers',
  accepts: (element) => typeof element === 'number' || typeof element === 'bigint' || NumberValue.isNumberValue(element),
  text: (element) => numericText(element as number | bigint | NumberValue),
  // 1, 1n and NumberValue('1.0') are different JS values but one DynamoDB number.
  identity: (text) => decimalKey(readDecimal(text)),
};

const BINARY: SetKind = {
  elements: 'binary',
  accepts: (element) => element instanceof Uint8Array || element instanceof ArrayBuffer,
  text: (element) => toBase64(element as Uint8Array | ArrayBuffer),
  // Distinct Uint8Array objects may hold the same bytes.
  identity: (text) => text,
};

/** The wire texts of a set's elements, all of `kind`, no two the same DynamoDB value. */
function wireElements(set: ReadonlySet<unknown>, kind: SetKind): string[] {
  const wire: string[] = [];
  const seen = kind.identity === undefined ? undefined : new Set<string>();
  for (const element of set) {
    if (!kind.accepts(element)) {
      throw new Refusal(`a DynamoDB set holds one kind of element; this one mixes ${kind.elements} with ${kindOf(element)}: use a list (an array) for mixed values`);
    }
    const text = kind.text(element);
    if (seen !== undefined && kind.identity !== undefined) {
      const identity = kind.identity(text);
      if (seen.has(identity)) throw new Refusal(`the set holds ${quote(text)} twice, as different JS values; DynamoDB refuses duplicates in a set: remove one`);
      seen.add(identity);
    }
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
    if (STRINGS.accepts(first)) return { SS: wireElements(set, STRINGS) };
    if (NUMBERS.accepts(first)) return { NS: wireElements(set, NUMBERS) };
    if (BINARY.accepts(first)) return { BS: wireElements(set, BINARY) };
    throw new Refusal(`a DynamoDB set holds strings, numbers or binary, not ${kindOf(first)}: use a list (an array) instead`);
  } catch (error) {
    throw within(error, SET_SEGMENT);
  }
}
