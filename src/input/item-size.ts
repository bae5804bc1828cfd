import { Buffer } from 'node:buffer';
import { InvalidParameterError } from '../errors/client-errors.js';
import { base64ByteLength } from '../marshall/binary.js';
import { parseDecimal } from '../marshall/decimal.js';
import type { AttributeMap, AttributeValue } from '../marshall/types.js';

/** DynamoDB's item size limit: 400 KB as stored. */
export const MAX_ITEM_BYTES = 400 * 1024;

function numberBytes(text: string): number {
  return Math.ceil((parseDecimal(text)?.digits.length ?? 0) / 2) + 1;
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
 * JSON sent): UTF-8 strings, raw binary, about one byte per two digits of a number, 3 bytes per list or
 * map plus 1 per element. @internal
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
