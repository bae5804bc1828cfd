// Where the change-stream examples run: Amazon's DynamoDB if you point DYNAMODB_ENDPOINT at it (with
// your usual AWS credentials), otherwise a DynamoDB Local the example starts itself (dynalite, which the
// other examples embed, has no streams). DynamoDB Local needs Java 17+; it listens on a random port.
import { DynamoDB, type DynamoDBOptions } from '../../src/index.js';
import { startDynamoDBLocal } from '../../spec/support/dynamodb-local.js';
import type { Connection } from './connect.js';

/** Connects to `DYNAMODB_ENDPOINT`, or starts DynamoDB Local (the helper the specs use). */
export async function connectWithStreams(options: DynamoDBOptions = {}): Promise<Connection> {
  const external = process.env['DYNAMODB_ENDPOINT'];
  if (external) return { db: new DynamoDB(options), endpoint: external, embedded: false, close: async () => undefined };
  const server = await startDynamoDBLocal();
  // DynamoDB Local checks no signature but wants an alphanumeric access key; it serves DynamoDB Streams at the same endpoint.
  const db = new DynamoDB({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, env: {}, ...options });
  return { db, endpoint: server.endpoint, embedded: true, close: () => server.stop() };
}
