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
