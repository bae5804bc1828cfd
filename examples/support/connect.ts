// Where the examples run: Amazon's DynamoDB if you point DYNAMODB_ENDPOINT at it (with your
// usual AWS credentials), otherwise an embedded dynalite on a random 127.0.0.1 port.
import { DynamoDB, type CreateTableInput, type DynamoDBOptions } from '../../src/index.js';
import { startDynalite } from '../../spec/support/dynalite.js';

/** A connected client and a way to shut the embedded server down. */
export interface Connection {
  db: DynamoDB;
  endpoint: string;
  /** True when the examples started their own dynalite. */
  embedded: boolean;
  close(): Promise<void>;
}

/** Connects to `DYNAMODB_ENDPOINT`, or starts an embedded dynalite. */
export async function connect(options: DynamoDBOptions = {}): Promise<Connection> {
  const external = process.env['DYNAMODB_ENDPOINT'];
  if (external) {
    return { db: new DynamoDB(options), endpoint: external, embedded: false, close: async () => undefined };
  }
  const server = await startDynalite();
  // dynalite checks no signature, but the client always signs: any credentials do.
  const db = new DynamoDB({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, env: {}, ...options });
  return { db, endpoint: server.endpoint, embedded: true, close: () => server.close() };
}

/** A wire definition of an on-demand table with a string partition key and an optional number sort key. */
export function keyedTable(name: string, partitionKey: string, sortKey?: string): CreateTableInput {
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: partitionKey, AttributeType: 'S' },
      ...(sortKey ? [{ AttributeName: sortKey, AttributeType: 'N' } as const] : []),
    ],
    KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' } as const] : [])],
  };
}

/** How many rows an example loads: `ROWS` from the environment (the test command keeps it small), else `fallback`. */
export function rows(fallback: number): number {
  const value = Number(process.env['ROWS']);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
