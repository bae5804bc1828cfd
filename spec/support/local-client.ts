import { DynamoDB } from '../../src/client.js';
import type { DynamoDBOptions } from '../../src/config/options.js';
import type { CreateTableInput } from '../../src/tables/types.js';

/** Dummy credentials: local servers do not check signatures, but the client always signs. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A client for a local server: loopback endpoint, dummy credentials, an empty environment. */
export function localClient(endpoint: string, options: DynamoDBOptions = {}): DynamoDB {
  return new DynamoDB({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, env: {}, ...options });
}

/** A table name unique within the run. */
export function uniqueTableName(prefix = 'T'): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Wire definition of an on-demand table with a string hash key `pk` and optional number range key `sk`. */
export function tableDefinition(name: string, withSortKey = false): CreateTableInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      ...(withSortKey ? [{ AttributeName: 'sk', AttributeType: 'N' } as const] : []),
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(withSortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' } as const] : [])],
  };
}
