import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import { items } from '../../src/streams/page.js';
import type { LocalDynamo } from '../support/dynalite.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { localServers } from '../support/local-servers.js';

// The same core calls against dynalite and DynamoDB Local. Where the two differ, the expectation
// says so per server; everything else must hold on both.
describe.each(localServers())('core calls on $name', ({ name, start }) => {
  let server: LocalDynamo;
  let db: DynamoDB;
  const table = uniqueTableName('Conformance');

  beforeAll(async () => {
    server = await start();
    db = localClient(server.endpoint);
    await firstValueFrom(db.createTable(tableDefinition(table, true)));
    for (let sk = 0; sk < 12; sk++) await lastValueFrom(db.putItem(table, { pk: 'many', sk }));
  });
  afterAll(async () => {
    await firstValueFrom(db.deleteTable(table));
    await server.close();
  });

  it('puts and gets native values; numbers come back normalised', async () => {
    const item = { pk: 'one', sk: 1, big: 12345678901234567890n, bytes: new Uint8Array([0, 255]), tags: new Set(['a']), list: [true, null, { x: 'y' }] };
    await firstValueFrom(db.putItem(table, { ...item, trailing: new NumberValue('1.500'), padded: new NumberValue('0001e3') }));
    expect(await firstValueFrom(db.getItem(table, { pk: 'one', sk: 1 }))).toEqual({ ...item, trailing: 1.5, padded: 1000 });
  });

  it('queries page by page and scans to the end', async () => {
    const pages = await lastValueFrom(
      db.query(table, { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': 'many' }, limit: 5 }).pipe(toArray()),
    );
    expect(pages.flatMap((page) => page.items.map((row) => row['sk']))).toEqual(Array.from({ length: 12 }, (_, sk) => sk));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(await lastValueFrom(db.scan(table, { limit: 4 }).pipe(items(), toArray()))).toHaveLength(13);
  });

  it('reads the error message whether the server sends `message` or `Message`', async () => {
    const error = await firstValueFrom(db.getItem('NoSuchTable', { pk: 'x' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', retryable: false });
    const expected = name === 'dynalite' ? 'Requested resource not found' : 'Cannot do operations on a non-existent table';
    expect((error as Error).message).toBe(`GetItem: ${expected}`);
  });

  it('refuses a key that does not match the schema with a ValidationException', async () => {
    const error = await firstValueFrom(db.getItem(table, { pk: 'one' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', statusCode: 400 });
  });

  it('a failed condition is a ConditionalCheckFailedException; only DynamoDB Local returns the item', async () => {
    const error = await firstValueFrom(
      db.putItem(table, { pk: 'one', sk: 1 }, { conditionExpression: 'attribute_not_exists(pk)', returnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((error as { item?: object }).item).toEqual(name === 'dynalite' ? undefined : expect.objectContaining({ pk: 'one', sk: 1, trailing: 1.5 }));
  });
});
