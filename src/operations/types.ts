import type { NativeValue } from '../marshall/types.js';

/** `ReturnConsumedCapacity` on the wire. */
export type ReturnConsumedCapacity = 'INDEXES' | 'TOTAL' | 'NONE';
/** `ReturnItemCollectionMetrics` on the wire. */
export type ReturnItemCollectionMetrics = 'SIZE' | 'NONE';
/** `ReturnValuesOnConditionCheckFailure` on the wire: `ALL_OLD` returns the item's current values when its condition fails. */
export type ReturnValuesOnConditionCheckFailure = 'ALL_OLD' | 'NONE';
/** `#placeholder` -> attribute name. */
export type ExpressionAttributeNames = Record<string, string>;
/** `:placeholder` -> native value (marshalled by the client). */
export type ExpressionAttributeValues = Record<string, NativeValue>;
/** An item as native values. */
export type Item = Record<string, NativeValue>;

/** Options every conditional single-item write accepts. */
export interface ConditionalWriteOptions {
  conditionExpression?: string | undefined;
  expressionAttributeNames?: ExpressionAttributeNames | undefined;
  expressionAttributeValues?: ExpressionAttributeValues | undefined;
  returnConsumedCapacity?: ReturnConsumedCapacity | undefined;
  returnItemCollectionMetrics?: ReturnItemCollectionMetrics | undefined;
  /** `ALL_OLD` puts the item's current values on the `ConditionalCheckFailedException` (`error.item`). */
  returnValuesOnConditionCheckFailure?: ReturnValuesOnConditionCheckFailure | undefined;
}
