import type { NumberValue } from './number-value.js';

/**
 * One DynamoDB attribute value as JSON on the wire: exactly one type key. `B` and `BS` hold base64.
 *
 * @example
 * const price: AttributeValue = { N: '19.99' };
 */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: AttributeMap }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

/** An item, key or nested map in wire form: attribute name to {@link AttributeValue}. */
export type AttributeMap = Record<string, AttributeValue>;

/** A set as DynamoDB knows it: strings (SS), numbers (NS) or binary (BS), never empty, never mixed. */
export type NativeSet = Set<string> | Set<number | bigint | NumberValue> | Set<Uint8Array>;

/**
 * A JS value that maps to one DynamoDB attribute value; `unmarshall` returns these and `marshall` accepts them
 * (plus `ArrayBuffer` for binary, and `undefined` object properties, which are omitted).
 */
export type NativeValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | NumberValue
  | Uint8Array
  | NativeValue[]
  | NativeSet
  | { [name: string]: NativeValue };

/** An item in native form. */
export type NativeItem = Record<string, NativeValue>;

/**
 * A primary key in native form: the partition key and, for composite keys, the sort key.
 *
 * @example
 * const key: Key = { pk: 'user#42', sk: 7 };
 */
export type Key = Record<string, string | number | bigint | NumberValue | Uint8Array>;

/** How `unmarshall` turns wire values into JS values. */
export interface UnmarshallOptions {
  /**
   * Return every number (N and NS elements) as a {@link NumberValue} instead of `number`/`bigint`/`NumberValue`.
   * @default false
   */
  wrapNumbers?: boolean | undefined;
}
