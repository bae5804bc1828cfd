import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { DynamoDB, type TransactWriteItem, type TransactWriteItemsResult } from '../../src/index.js';

interface Account {
  id: string;
  balance: number;
}

describe('transaction types', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });
  const account: Account = { id: 'a', balance: 1 };

  it('types what the calls emit, and accepts user interfaces as put items', () => {
    expectTypeOf(db.transactWriteItems([{ put: { table: 'Accounts', item: account } }])).toEqualTypeOf<Observable<TransactWriteItemsResult>>();
    expectTypeOf(db.transactGetItems<Account>([{ table: 'Accounts', key: { id: 'a' } }])).toEqualTypeOf<Observable<(Account | undefined)[]>>();
  });

  it('refuses incomplete actions at compile time', () => {
    // @ts-expect-error: an update needs an updateExpression
    const update: TransactWriteItem = { update: { table: 'Accounts', key: { id: 'a' } } };
    // @ts-expect-error: a condition check needs a conditionExpression
    const check: TransactWriteItem = { conditionCheck: { table: 'Accounts', key: { id: 'a' } } };
    // @ts-expect-error: no such action kind
    const get: TransactWriteItem = { get: { table: 'Accounts', key: { id: 'a' } } };
    // @ts-expect-error: returnValues is not a transaction option
    void db.transactWriteItems([update, check, get], { returnValues: 'ALL_OLD' });
  });
});
