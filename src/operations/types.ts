import type { NativeValue } from '../marshall/types.js';

/** `ReturnConsumedCapacity` on the wire. */
export type ReturnConsumedCapacity = 'INDEXES' | 'TOTAL' | 'NONE';
/** `ReturnItemCollectionMetrics` on the wire. */
export type ReturnItemCollectionMetrics = 'SIZE' | 'NONE';
/** `#placeholder` -> attribute name. */
export type ExpressionAttributeNames = Record<string, string>;
/** `:placeholder` -> native value (marshalled by the client). */
export type ExpressionAttributeValues = Record<string, NativeValue>;
/** An item as native values. */
export type Item = Record<string, NativeValue>;

/** Options every conditional single-item write accepts. */
export interface ConditionalWriteOptions {
  conditionExpression?: string;
  expressionAttributeNames?: ExpressionAttributeNames;
  expressionAttributeValues?: ExpressionAttributeValues;
  returnConsumedCapacity?: ReturnConsumedCapacity;
  returnItemCollectionMetrics?: ReturnItemCollectionMetrics;
  /** `ALL_OLD` puts the item's current values on the `ConditionalCheckFailedException` (`error.item`). */
  returnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

/** The `TableDescription` DynamoDB returns, in its wire shape (see the DynamoDB API reference). */
export interface TableDescription {
  TableName?: string;
  TableStatus?: 'CREATING' | 'UPDATING' | 'DELETING' | 'ACTIVE' | 'INACCESSIBLE_ENCRYPTION_CREDENTIALS' | 'ARCHIVING' | 'ARCHIVED';
  TableArn?: string;
  TableId?: string;
  KeySchema?: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions?: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  ItemCount?: number;
  TableSizeBytes?: number;
  CreationDateTime?: number;
  BillingModeSummary?: { BillingMode?: 'PROVISIONED' | 'PAY_PER_REQUEST' };
  ProvisionedThroughput?: Record<string, unknown>;
  GlobalSecondaryIndexes?: Record<string, unknown>[];
  LocalSecondaryIndexes?: Record<string, unknown>[];
  [field: string]: unknown;
}
