import type { AttributeMap, AttributeValue } from '../marshall/types.js';

/**
 * A lower bound of an item's size as DynamoDB counts it: UTF-8 bytes of names and strings, raw
 * bytes of binaries, 1 byte per number, boolean and null, 3 bytes per list or map plus 1 per
 * element. DynamoDB counts numbers as up to 21 bytes, so the real size is at least this; a
 * check against a limit with it never refuses what DynamoDB would accept. @internal
 */
export function itemSizeAtLeast(item: AttributeMap): number {
  let size = 0;
  for (const name in item) size += Buffer.byteLength(name) + valueSize(item[name]!);
  return size;
}

function valueSize(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S);
  if ('B' in value) return Buffer.byteLength(value.B, 'base64');
  if ('SS' in value) return value.SS.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  if ('BS' in value) return value.BS.reduce((sum, bytes) => sum + Buffer.byteLength(bytes, 'base64'), 0);
  if ('NS' in value) return value.NS.length;
  if ('L' in value) return value.L.reduce((sum, element) => sum + 1 + valueSize(element), 3);
  if ('M' in value) return 3 + Object.keys(value.M).length + itemSizeAtLeast(value.M);
  return 1;
}
