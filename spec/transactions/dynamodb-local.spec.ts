import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import type { TransactionCanceledException } from '../../src/errors/service-errors.js';
import type { TransactWriteItem } from '../../src/operations/transact-write-items.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';

// Transactions for real, on the run's DynamoDB Local (dynalite has none).
let db: DynamoDB;
const measurements: Measurement[] = [];
const accounts = uniqueTableName('Accounts');
const ledger = uniqueTableName('Ledger');

beforeAll(async () => {
  db = localClient(dynamodbLocal().endpoint, { onMeasurement: (m) => measurements.push(m) });
  await firstValueFrom(db.createTable(tableDefinition(accounts)));
  await firstValueFrom(db.createTable(tableDefinition(ledger, true)));
  await firstValueFrom(db.putItem(accounts, { pk: 'alice', balance: 100 }));
  await firstValueFrom(db.putItem(accounts, { pk: 'bob', balance: 5 }));
});
afterAll(async () => {
  for (const table of [accounts, ledger]) await firstValueFrom(db.deleteTable(table));
});

/** Moves `amount` from one account to another and records it, unless the payer lacks funds. */
function transfer(id: string, from: string, to: string, amount: number): TransactWriteItem[] {
  return [
    { put: { table: ledger, item: { pk: id, sk: 0, from, to, amount }, conditionExpression: 'attribute_not_exists(pk)' } },
    {
      update: {
        table: accounts,
        key: { pk: from },
        updateExpression: 'ADD balance :minus',
        conditionExpression: 'balance >= :amount',
        expressionAttributeValues: { ':minus': -amount, ':amount': amount },
        returnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    { update: { table: accounts, key: { pk: to }, updateExpression: 'ADD balance :amount', expressionAttributeValues: { ':amount': amount } } },
  ];
}

const balances = () => firstValueFrom(db.transactGetItems<{ balance: number }>([{ table: accounts, key: { pk: 'alice' } }, { table: accounts, key: { pk: 'bob' } }]));

describe('transactWriteItems on DynamoDB Local', () => {
  it('applies every action, and emits consumed capacity when asked', async () => {
    const result = await firstValueFrom(db.transactWriteItems(transfer('t1', 'alice', 'bob', 30), { returnConsumedCapacity: 'TOTAL' }));
    expect(result.consumedCapacity).toEqual(expect.arrayContaining([expect.objectContaining({ tableName: accounts }), expect.objectContaining({ tableName: ledger })]));
    expect(await balances()).toEqual([
      { pk: 'alice', balance: 70 },
      { pk: 'bob', balance: 35 },
    ]);
  });

  it('applies none when the 2nd of 3 conditions fails: cancellation reasons per action, with the item', async () => {
    const error = (await firstValueFrom(db.transactWriteItems(transfer('t2', 'bob', 'alice', 1000))).catch((e: unknown) => e)) as TransactionCanceledException;
    expect(error).toMatchObject({ name: 'TransactionCanceledException', retryable: false, action: 'TransactWriteItems' });
    expect(error.cancellationReasons).toEqual([
      { code: 'None' },
      { code: 'ConditionalCheckFailed', message: expect.stringMatching(/conditional request failed/), item: { pk: 'bob', balance: 35 } },
      { code: 'None' },
    ]);
    expect(await firstValueFrom(db.getItem(ledger, { pk: 't2', sk: 0 }))).toBeUndefined();
    expect(await balances()).toEqual([
      { pk: 'alice', balance: 70 },
      { pk: 'bob', balance: 35 },
    ]);
  });

  it('applies a transaction once when it is sent again with the same clientRequestToken', async () => {
    const once = db.transactWriteItems([{ update: { table: accounts, key: { pk: 'carol' }, updateExpression: 'ADD visits :one', expressionAttributeValues: { ':one': 1 } } }], {
      clientRequestToken: `visit-${accounts}`,
    });
    await firstValueFrom(once);
    await firstValueFrom(once);
    expect(await firstValueFrom(db.getItem(accounts, { pk: 'carol' }))).toEqual({ pk: 'carol', visits: 1 });
  });

  it('refuses the same token with other actions: IdempotentParameterMismatchException', async () => {
    const token = `mismatch-${accounts}`;
    await firstValueFrom(db.transactWriteItems([{ put: { table: ledger, item: { pk: 'm', sk: 1 } } }], { clientRequestToken: token }));
    const error = await firstValueFrom(db.transactWriteItems([{ put: { table: ledger, item: { pk: 'm', sk: 2 } } }], { clientRequestToken: token })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'IdempotentParameterMismatchException', retryable: false });
  });

  it('checks conditions and deletes; emits {} when nothing more was asked', async () => {
    await firstValueFrom(db.putItem(ledger, { pk: 'old', sk: 1 }));
    const result = await firstValueFrom(
      db.transactWriteItems([
        { conditionCheck: { table: accounts, key: { pk: 'alice' }, conditionExpression: 'attribute_exists(pk)' } },
        { delete: { table: ledger, key: { pk: 'old', sk: 1 } } },
        { put: { table: ledger, item: { pk: 'new', sk: 1 } } },
      ]),
    );
    expect(result).toEqual({});
    const got = await firstValueFrom(db.transactGetItems([{ table: ledger, key: { pk: 'old', sk: 1 } }, { table: ledger, key: { pk: 'new', sk: 1 } }]));
    expect(got).toEqual([undefined, { pk: 'new', sk: 1 }]);
  });

  it('leaves a put and another action on one item to the server, which refuses it', async () => {
    const error = await firstValueFrom(
      db.transactWriteItems([
        { put: { table: accounts, item: { pk: 'dave' } } },
        { delete: { table: accounts, key: { pk: 'dave' } } },
      ]),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/multiple operations on one item/) });
  });
});

describe('transactGetItems on DynamoDB Local', () => {
  it('reads a snapshot aligned with the input, with projections; capacity reaches onMeasurement', async () => {
    measurements.length = 0;
    const got = await firstValueFrom(
      db.transactGetItems(
        [
          { table: accounts, key: { pk: 'alice' }, projectionExpression: '#b', expressionAttributeNames: { '#b': 'balance' } },
          { table: accounts, key: { pk: 'nobody' } },
          { table: ledger, key: { pk: 't1', sk: 0 } },
        ],
        { returnConsumedCapacity: 'TOTAL' },
      ),
    );
    expect(got).toEqual([{ balance: 70 }, undefined, { pk: 't1', sk: 0, from: 'alice', to: 'bob', amount: 30 }]);
    expect(measurements).toEqual([expect.objectContaining({ action: 'TransactGetItems', attempts: 1, consumedCapacity: expect.any(Array) })]);
    expect(measurements[0]!.table).toBeUndefined();
  });
});
