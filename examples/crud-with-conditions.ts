// Create, read, update and delete with conditions: no overwrite on create, optimistic locking
// with a version number, and reading the current item out of a failed condition.
//   npx tsx examples/crud-with-conditions.ts
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { ConditionalCheckFailedException } from '../src/index.js';
import { connect, keyedTable } from './support/connect.js';

interface Account {
  id: string;
  owner: string;
  balance: number;
  version: number;
  tags?: Set<string>;
}

const { db, close } = await connect();
await lastValueFrom(db.createTable(keyedTable('Accounts', 'id')));

// Create, refusing to overwrite an existing account.
const create = (account: Account) => db.putItem('Accounts', account, { conditionExpression: 'attribute_not_exists(id)' });
await lastValueFrom(create({ id: 'acc-1', owner: 'ada', balance: 100, version: 1, tags: new Set(['vip']) }), { defaultValue: undefined });
const duplicate = await lastValueFrom(create({ id: 'acc-1', owner: 'mallory', balance: 0, version: 1 })).catch((error: unknown) => error);
console.log('second create refused:', ConditionalCheckFailedException.is(duplicate));

// Read it back: native values, Sets included.
const account = await firstValueFrom(db.getItem<Account>('Accounts', { id: 'acc-1' }));
console.log('read:', account);

// Optimistic locking: update only if nobody changed the version since we read it.
const withdraw = (amount: number, expectedVersion: number) =>
  db.updateItem<Account>('Accounts', { id: 'acc-1' }, {
    updateExpression: 'SET balance = balance - :amount, version = version + :one',
    conditionExpression: 'version = :expected AND balance >= :amount',
    expressionAttributeValues: { ':amount': amount, ':one': 1, ':expected': expectedVersion },
    returnValues: 'ALL_NEW',
    // On failure, DynamoDB returns the item as it is now, on the error: no second read needed.
    returnValuesOnConditionCheckFailure: 'ALL_OLD',
  });
const updated = await firstValueFrom(withdraw(30, account!.version));
console.log('withdrew 30:', { balance: updated?.balance, version: updated?.version });

const stale = await firstValueFrom(withdraw(10, 1)).catch((error: unknown) => error);
if (stale instanceof ConditionalCheckFailedException) {
  // (dynalite ignores returnValuesOnConditionCheckFailure; DynamoDB and DynamoDB Local return the item)
  console.log('stale version refused; current item from the error:', stale.item ?? '(not returned by this server)');
}

// Delete, returning what was deleted.
const deleted = await firstValueFrom(db.deleteItem<Account>('Accounts', { id: 'acc-1' }, { returnValues: 'ALL_OLD' }));
console.log('deleted:', deleted?.id, 'balance was', deleted?.balance);
console.log('gone:', (await firstValueFrom(db.getItem('Accounts', { id: 'acc-1' }))) === undefined);
await close();
