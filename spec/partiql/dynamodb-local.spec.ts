import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import type { ConditionalCheckFailedException, TransactionCanceledException } from '../../src/errors/service-errors.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import { items } from '../../src/streams/page.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';

// PartiQL for real, on the run's DynamoDB Local (dynalite has none).
let db: DynamoDB;
const measurements: Measurement[] = [];
const orders = uniqueTableName('Orders');
const accounts = uniqueTableName('Accounts');
const sent = (action: string) => measurements.filter((m) => m.action === action).length;

beforeAll(async () => {
  db = localClient(dynamodbLocal().endpoint, { onMeasurement: (m) => measurements.push(m) });
  await firstValueFrom(db.createTable(tableDefinition(orders, true)));
  await firstValueFrom(db.createTable(tableDefinition(accounts)));
  for (let sk = 0; sk < 7; sk++) await firstValueFrom(db.putItem(orders, { pk: 'c1', sk, total: sk * 10 }));
  await firstValueFrom(db.putItem(accounts, { pk: 'alice', balance: 100 }));
  await firstValueFrom(db.putItem(accounts, { pk: 'bob', balance: 5 }));
});
afterAll(async () => {
  for (const table of [orders, accounts]) await firstValueFrom(db.deleteTable(table));
});
beforeEach(() => {
  measurements.length = 0;
});

describe('executeStatement on DynamoDB Local', () => {
  it('writes native parameters and reads them back native', async () => {
    const line = { pk: 'native', sk: 1, big: 2n ** 70n, exact: new NumberValue('0.1000000000000000000001'), tags: new Set(['a', 'b']), blob: new Uint8Array([0, 255]), nested: { list: [1, 'x', null, true] } };
    await lastValueFrom(
      db.executeStatement(`INSERT INTO "${orders}" VALUE {'pk': ?, 'sk': ?, 'big': ?, 'exact': ?, 'tags': ?, 'blob': ?, 'nested': ?}`, {
        parameters: [line.pk, line.sk, line.big, line.exact, line.tags, line.blob, line.nested],
      }),
    );
    const [page] = await lastValueFrom(db.executeStatement(`SELECT * FROM "${orders}" WHERE pk = ? AND sk = ?`, { parameters: ['native', 1], consistentRead: true }).pipe(toArray()));
    expect(page!.items).toEqual([line]);
    expect(page!.nextToken).toBeUndefined();
  });

  it('follows NextToken to the end, one request per page, every item once and in order', async () => {
    const pages = await lastValueFrom(db.executeStatement<{ sk: number }>(`SELECT * FROM "${orders}" WHERE pk = ?`, { parameters: ['c1'], limit: 3 }).pipe(toArray()));
    expect(pages.map((page) => page.items.map((order) => order.sk))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(pages.map((page) => page.count)).toEqual([3, 3, 1]);
    expect(pages.slice(0, -1).every((page) => typeof page.nextToken === 'string')).toBe(true);
    expect(pages.at(-1)!.nextToken).toBeUndefined();
    expect(sent('ExecuteStatement')).toBe(3);
  });

  it('take(1) sends one request; its nextToken resumes with the next item, nothing repeated or lost', async () => {
    const statement = `SELECT * FROM "${orders}" WHERE pk = ?`;
    const first = await firstValueFrom(db.executeStatement<{ sk: number }>(statement, { parameters: ['c1'], limit: 2 }));
    expect(sent('ExecuteStatement')).toBe(1);
    const rest = await lastValueFrom(db.executeStatement<{ sk: number }>(statement, { parameters: ['c1'], limit: 2, nextToken: first.nextToken! }).pipe(items(), toArray()));
    expect([...first.items, ...rest].map((order) => order.sk)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('emits the items a RETURNING clause asks for, in one page', async () => {
    const pages = await lastValueFrom(db.executeStatement(`UPDATE "${orders}" SET total = total + ? WHERE pk = ? AND sk = ? RETURNING ALL NEW *`, { parameters: [1, 'c1', 6] }).pipe(toArray()));
    expect(pages).toEqual([{ items: [{ pk: 'c1', sk: 6, total: 61 }], count: 1, scannedCount: 1 }]);
  });

  it('fails a false condition with ConditionalCheckFailedException holding the item (ALL_OLD)', async () => {
    const error = (await lastValueFrom(
      db.executeStatement(`UPDATE "${accounts}" SET balance = balance - ? WHERE pk = ? AND balance >= ?`, { parameters: [50, 'bob', 50], returnValuesOnConditionCheckFailure: 'ALL_OLD' }),
    ).catch((e: unknown) => e)) as ConditionalCheckFailedException;
    expect(error).toMatchObject({ name: 'ConditionalCheckFailedException', retryable: false, action: 'ExecuteStatement', item: { pk: 'bob', balance: 5 } });
  });

  it("passes DynamoDB's refusals on: too few parameters is a ValidationException", async () => {
    const error = await lastValueFrom(db.executeStatement(`SELECT * FROM "${orders}" WHERE pk = ? AND sk = ?`, { parameters: ['c1'] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/Number of parameters/) });
  });
});

describe('batchExecuteStatement on DynamoDB Local', () => {
  it('reads: one result per statement, in order; a failed statement is a value and the others still answer', async () => {
    const results = await firstValueFrom(
      db.batchExecuteStatement([
        { statement: `SELECT * FROM "${accounts}" WHERE pk = ?`, parameters: ['alice'], consistentRead: true },
        { statement: `SELECT * FROM "${accounts}" WHERE pk = ?`, parameters: ['nobody'] },
        { statement: `SELECT * FROM "${uniqueTableName('Missing')}" WHERE pk = ?`, parameters: ['alice'] },
        { statement: `SELECT * FROM "${accounts}" WHERE balance = ?`, parameters: [5] },
      ]),
    );
    expect(results).toEqual([
      { tableName: accounts, item: { pk: 'alice', balance: 100 } },
      { tableName: accounts },
      { error: { code: 'ResourceNotFound', message: expect.stringMatching(/non-existent table/) } },
      { error: { code: 'ValidationError', message: expect.stringMatching(/single item select/) } },
    ]);
    expect(sent('BatchExecuteStatement')).toBe(1);
  });

  it('writes: applies those that pass; a duplicate and a false condition (with the item, ALL_OLD) come back as errors', async () => {
    const results = await firstValueFrom(
      db.batchExecuteStatement([
        { statement: `INSERT INTO "${accounts}" VALUE {'pk': ?, 'balance': ?}`, parameters: ['alice', 1] },
        { statement: `INSERT INTO "${accounts}" VALUE {'pk': ?, 'balance': ?}`, parameters: ['carol', 7] },
        { statement: `UPDATE "${accounts}" SET balance = ? WHERE pk = ? AND balance > ?`, parameters: [0, 'bob', 1000], returnValuesOnConditionCheckFailure: 'ALL_OLD' },
      ]),
    );
    expect(results).toEqual([
      { tableName: accounts, error: { code: 'DuplicateItem', message: expect.any(String) } },
      { tableName: accounts },
      { tableName: accounts, error: { code: 'ConditionalCheckFailed', message: expect.stringMatching(/conditional request failed/), item: { pk: 'bob', balance: 5 } } },
    ]);
    expect(await firstValueFrom(db.getItem(accounts, { pk: 'carol' }))).toEqual({ pk: 'carol', balance: 7 });
    expect(await firstValueFrom(db.getItem(accounts, { pk: 'alice' }))).toEqual({ pk: 'alice', balance: 100 });
  });

  it('a request DynamoDB refuses as a whole (reads mixed with writes) fails the call', async () => {
    const error = await firstValueFrom(
      db.batchExecuteStatement([
        { statement: `SELECT * FROM "${accounts}" WHERE pk = ?`, parameters: ['alice'] },
        { statement: `DELETE FROM "${accounts}" WHERE pk = ?`, parameters: ['carol'] },
      ]),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/Read and write/) });
  });
});

describe('executeTransaction on DynamoDB Local', () => {
  const transfer = (from: string, to: string, amount: number) => [
    { statement: `UPDATE "${accounts}" SET balance = balance - ? WHERE pk = ? AND balance >= ?`, parameters: [amount, from, amount], returnValuesOnConditionCheckFailure: 'ALL_OLD' as const },
    { statement: `UPDATE "${accounts}" SET balance = balance + ? WHERE pk = ?`, parameters: [amount, to] },
  ];
  const balances = () => firstValueFrom(db.executeTransaction<{ balance: number }>(['alice', 'bob', 'nobody'].map((pk) => ({ statement: `SELECT balance FROM "${accounts}" WHERE pk = ?`, parameters: [pk] }))));

  it('applies writes together and emits undefined per write; reads emit an array aligned with the statements', async () => {
    expect(await firstValueFrom(db.executeTransaction(transfer('alice', 'bob', 30)))).toEqual([undefined, undefined]);
    expect(await balances()).toEqual([{ balance: 70 }, { balance: 35 }, undefined]);
  });

  it('applies none when a condition fails: TransactionCanceledException with a reason per statement and the item', async () => {
    const error = (await firstValueFrom(db.executeTransaction(transfer('bob', 'alice', 1000))).catch((e: unknown) => e)) as TransactionCanceledException;
    expect(error).toMatchObject({ name: 'TransactionCanceledException', retryable: false, action: 'ExecuteTransaction' });
    expect(error.cancellationReasons).toEqual([{ code: 'ConditionalCheckFailed', message: expect.stringMatching(/conditional request failed/), item: { pk: 'bob', balance: 35 } }, { code: 'None' }]);
    expect(await balances()).toEqual([{ balance: 70 }, { balance: 35 }, undefined]);
  });

  it('applies a transaction once when it is sent again with the same clientRequestToken; other statements with it are refused', async () => {
    const token = `visit-${accounts}`.slice(0, 36);
    const visit = db.executeTransaction([{ statement: `UPDATE "${accounts}" SET visits = ? WHERE pk = ?`, parameters: [1, 'bob'] }, { statement: `UPDATE "${accounts}" SET balance = balance + ? WHERE pk = ?`, parameters: [1, 'alice'] }], {
      clientRequestToken: token,
    });
    await firstValueFrom(visit);
    await firstValueFrom(visit);
    expect(await balances()).toEqual([{ balance: 71 }, { balance: 35 }, undefined]);
    const error = await firstValueFrom(db.executeTransaction([{ statement: `DELETE FROM "${accounts}" WHERE pk = ?`, parameters: ['bob'] }], { clientRequestToken: token })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'IdempotentParameterMismatchException' });
  });
});

describe('returnConsumedCapacity on PartiQL calls', () => {
  // DynamoDB Local accepts it but returns no capacity for PartiQL; spec/partiql/marbles.spec.ts shows capacity reaching onMeasurement.
  it('is accepted by all three calls, one attempt each', async () => {
    await lastValueFrom(db.executeStatement(`SELECT * FROM "${accounts}" WHERE pk = ?`, { parameters: ['alice'], returnConsumedCapacity: 'TOTAL' }));
    await firstValueFrom(db.batchExecuteStatement([{ statement: `SELECT * FROM "${accounts}" WHERE pk = ?`, parameters: ['alice'] }], { returnConsumedCapacity: 'TOTAL' }));
    await firstValueFrom(db.executeTransaction([{ statement: `SELECT * FROM "${accounts}" WHERE pk = ?`, parameters: ['alice'] }], { returnConsumedCapacity: 'TOTAL' }));
    expect(measurements.map((m) => [m.action, m.attempts, m.error])).toEqual([
      ['ExecuteStatement', 1, undefined],
      ['BatchExecuteStatement', 1, undefined],
      ['ExecuteTransaction', 1, undefined],
    ]);
  });
});

describe('the page stream against take()', () => {
  it('take(2) of a stream of 7 one-item pages sends exactly 2 requests', async () => {
    const pages = await lastValueFrom(db.executeStatement(`SELECT * FROM "${orders}" WHERE pk = ?`, { parameters: ['c1'], limit: 1 }).pipe(take(2), toArray()));
    expect(pages).toHaveLength(2);
    expect(sent('ExecuteStatement')).toBe(2);
  });
});
