import { Buffer } from 'node:buffer';
import { InvalidParameterError } from '../errors/client-errors.js';
import { base64ByteLength } from '../marshall/binary.js';
import { parseDecimal } from '../marshall/decimal.js';
import type { AttributeMap, AttributeValue } from '../marshall/types.js';

/** DynamoDB's item size limit: 400 KB as stored. */
export const MAX_ITEM_BYTES = 400 * 1024;

/** The most bytes a number takes: 38 digits spread over 20 base-100 digits, and the exponent byte. */
const MAX_NUMBER_BYTES = 21;

/**
 * A number's size as DynamoDB stores it (measured on DynamoDB Local, see spec/integration/item-size.spec.ts):
 * its significant digits in base-100 digits aligned on the decimal point (so `1.2`, `01|.20`, takes two
 * where `12` takes one), one byte of exponent, and one more for a negative number, 21 bytes at most. Zero
 * takes one byte. AWS documents it as "about 1 byte per two significant digits, plus 1 byte". @internal
 */
export function numberBytes(text: string): number {
  const decimal = parseDecimal(text);
  if (decimal === undefined || decimal.digits === '') return 1;
  const lastPower = decimal.exponent - decimal.digits.length + 1;
  const base100Digits = Math.floor(decimal.exponent / 2) - Math.floor(lastPower / 2) + 1;
  return Math.min(base100Digits + 1 + (decimal.negative ? 1 : 0), MAX_NUMBER_BYTES);
}

function valueBytes(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S);
  if ('N' in value) return numberBytes(value.N);
  if ('B' in value) return base64ByteLength(value.B);
  if ('SS' in value) return value.SS.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  if ('NS' in value) return value.NS.reduce((sum, text) => sum + numberBytes(text), 0);
  if ('BS' in value) return value.BS.reduce((sum, text) => sum + base64ByteLength(text), 0);
  if ('L' in value) return value.L.reduce((sum, element) => sum + 1 + valueBytes(element), 3);
  if ('M' in value) return 3 + attributesBytes(value.M, 1);
  return 1; // BOOL, NULL
}

function attributesBytes(map: AttributeMap, perAttribute: number): number {
  let bytes = 0;
  for (const name in map) bytes += perAttribute + Buffer.byteLength(name) + valueBytes(map[name]!);
  return bytes;
}

/**
 * An item's size as DynamoDB counts it against the 400 KB limit (names and values as stored, not the
 * JSON sent): UTF-8 strings, raw binary, numbers as {@link numberBytes}, 3 bytes per list or map plus 1
 * per element. Matches DynamoDB Local to the byte. @internal
 */
export function itemSize(item: AttributeMap): number {
  return attributesBytes(item, 0);
}

/** The item's size ({@link itemSize}), or an InvalidParameterError naming `parameter` when it is over 400 KB. @internal */
export function checkedItemSize(item: AttributeMap, parameter: string): number {
  const size = itemSize(item);
  if (size > MAX_ITEM_BYTES) throw new InvalidParameterError(parameter, `is ${size} bytes as DynamoDB counts it; an item can hold at most ${MAX_ITEM_BYTES}`);
  return size;
}

/**
 * {@link checkedItemSize} for an item whose JSON text (or a text holding it, such as its write request)
 * takes `jsonBytes` UTF-8 bytes: the item is walked only when those are over the limit. An item's size never
 * exceeds the bytes of its JSON: each name and value takes at least as many bytes in JSON as DynamoDB counts
 * for it (names and strings quoted and escaped, binary as longer base64, a number of d digits at most
 * d / 2 + 2 bytes as stored against at least d + 2 characters in its JSON string, every list, map, set and
 * boolean wrapped in more braces than the 1 to 3 bytes counted for it). @internal
 */
export function checkItemSizeGivenJson(item: AttributeMap, jsonBytes: number, parameter: string): void {
  if (jsonBytes > MAX_ITEM_BYTES) checkedItemSize(item, parameter);
}
