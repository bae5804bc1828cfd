import { decimalKey, parseDecimal } from '../marshall/decimal.js';
import type { AttributeMap, AttributeValue } from '../marshall/types.js';

/** A key attribute's value as text that is equal exactly when DynamoDB sees the same value (`1` and `1.0` are one number). */
function canonical(value: AttributeValue): string {
  if ('N' in value) {
    const decimal = parseDecimal(value.N);
    return `N${decimal === undefined ? value.N : decimalKey(decimal)}`;
  }
  return JSON.stringify(value);
}

/**
 * One string per item of a table: the table and the key's attributes in name order. Two keys get the
 * same id exactly when they address the same item. @internal
 */
export function keyId(table: string, key: AttributeMap): string {
  const parts = [table];
  for (const name of Object.keys(key).sort()) parts.push(name, canonical(key[name]!));
  return JSON.stringify(parts);
}
