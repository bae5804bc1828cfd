import { firstValueFrom } from 'rxjs';
import { beforeAll, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { tableDefinition, uniqueTableName } from '../support/local-client.js';
import { describeOnLocalServers } from '../support/local-servers.js';

// Where dynalite and DynamoDB Local answer differently, and the client copes with both. DynamoDB
// Local stands for Amazon's DynamoDB here; each dynalite deviation is named. (The other
// integration specs run unchanged on both servers; the large-BatchGetItem difference is in
// batch.spec.ts.)
describeOnLocalServers('server differences', (server) => {
  let db: DynamoDB;
  let table: string;
  const dynalite = server.name === 'dynalite';

  beforeAll(async () => {
    db = server.client();
    table = await server.freshTable('Conformance', true);
    await firstValueFrom(db.putItem(table, { pk: 'one', sk: 1, v: 1 }));
  });

  it('error message: dynalite sends `message`, DynamoDB `Message` (and no x-amz-crc32 on errors); the client reads both', async () => {
    const error = await firstValueFrom(db.getItem('NoSuchTable', { pk: 'x' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', retryable: false });
    const expected = dynalite ? 'Requested resource not found' : 'Cannot do operations on a non-existent table';
    expect((error as Error).message).toBe(`GetItem: ${expected}`);
  });

  it('returnValuesOnConditionCheckFailure: DynamoDB returns the item with the failure; dynalite ignores the parameter', async () => {
    const error = await firstValueFrom(
      db.putItem(table, { pk: 'one', sk: 1 }, { conditionExpression: 'attribute_not_exists(pk)', returnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', retryable: false });
    expect((error as { item?: object }).item).toEqual(dynalite ? undefined : { pk: 'one', sk: 1, v: 1 });
  });

  it('table status: createTable answers CREATING and deleteTable DELETING on dynalite (as on AWS), ACTIVE on DynamoDB Local', async () => {
    const name = uniqueTableName('Status');
    expect((await firstValueFrom(db.createTable(tableDefinition(name)))).TableStatus).toBe(dynalite ? 'CREATING' : 'ACTIVE');
    await firstValueFrom(db.waitForTable(name, { status: 'ACTIVE', delayMs: 5 }));
    expect((await firstValueFrom(db.deleteTable(name))).TableStatus).toBe(dynalite ? 'DELETING' : 'ACTIVE');
  });

  it.runIf(server.name === 'DynamoDB Local')('refuses an access key id with other than letters and digits: UnrecognizedClientException, not retried', async () => {
    const badKey = server.client({ credentials: { accessKeyId: 'local_key', secretAccessKey: 'local' } });
    const error = await firstValueFrom(badKey.getItem(table, { pk: 'one', sk: 1 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'UnrecognizedClientException', retryable: false, message: 'GetItem: The Access Key ID or security token is invalid.' });
  });

  it.runIf(dynalite)('dynalite has no transactions: UnknownOperationException without a message, not retried', async () => {
    const error = await firstValueFrom(db.transactGetItems([{ table, key: { pk: 'one', sk: 1 } }])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UnknownOperationException', retryable: false, statusCode: 400, message: 'TransactGetItems: HTTP 400 from DynamoDB' });
  });
});
