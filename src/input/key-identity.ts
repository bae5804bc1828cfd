import { decimalKey, parseDecimal } from '../marshall/decimal.js';
import type { AttributeMap, AttributeValue } from '../marshall/types.js';

/**
 * A key attribute's value as text that is equal exactly when DynamoDB sees the same value (`1` and `1.0` are
 * one number): its type letter, then its text; any other type (not a key's) as its JSON, which starts with `{`.
 */
function canonical(value: AttributeValue): string {
  if ('S' in value) return `S${value.S}`;
  if ('N' in value) {
    const decimal = parseDecimal(value.N);
    return `N${decimal === undefined ? value.N : decimalKey(decimal)}`;
  }
  if ('B' in value) return `B${value.B}`;
  return JSON.stringify(value);
}

/**
 * One string per item of a table: the table and the key's attributes in name order. Two keys get the
 * same id exactly when they address the same item. @internal
 */
export function keyId(table: string, key: AttributeMap): string {
  const names = Object.keys(key);
  // A table's key has one or two attributes: swapping two costs nothing, where sort() allocates.
  if (names.length === 2 && names[1]! < names[0]!) names.reverse();
  else if (names.length > 2) names.sort();
  const parts = [table];
  for (const name of names) parts.push(name, canonical(key[name]!));
  return JSON.stringify(parts);
}
