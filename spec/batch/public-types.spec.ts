import { from, type Observable, type ObservedValueOf } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import {
  BatchIncompleteError,
  DynamoDB,
  items,
  type BatchGetGroup,
  type BatchGetRequest,
  type BatchWriteProgress,
  type BatchWriteRequest,
  type ByTable,
  type ConsumedCapacity,
  type Item,
  type WriteRequest,
} from '../../src/index.js';

interface User {
  id: string;
  age?: number;
}

interface Order {
  id: string;
  total: number;
}

describe('public types of the batch calls', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });
  const user: User = { id: 'u1' };

  it('types items, writes and progress', () => {
    expectTypeOf(db.batchGetItem<User>({ Users: { keys: [{ id: 'u1' }], consistentRead: true } })).toEqualTypeOf<Observable<BatchGetGroup<User>>>();
    expectTypeOf(db.batchGetItem<User>({ Users: { keys: [{ id: 'u1' }] } }).pipe(items())).toEqualTypeOf<Observable<User>>();
    expectTypeOf(db.batchGetItem({ Users: { keys: [{ id: 'u1' }] } }, { returnConsumedCapacity: 'TOTAL' })).toEqualTypeOf<Observable<BatchGetGroup<Item>>>();
    expectTypeOf(db.batchWriteItem({ Users: [{ put: user }, { delete: { id: 'u2' } }] })).toEqualTypeOf<Observable<BatchWriteProgress>>();
    const writes: WriteRequest<User>[] = [{ put: user }];
    expectTypeOf(from(writes).pipe(db.bulkWrite('Users', { concurrency: 2 }))).toEqualTypeOf<Observable<BatchWriteProgress>>();
  });

  it('lets an incomplete batch be sent again as it is', () => {
    const error = new BatchIncompleteError<BatchWriteRequest>('', { action: 'BatchWriteItem', unprocessed: {}, processed: 0 });
    expectTypeOf(db.batchWriteItem(error.unprocessed)).toEqualTypeOf<Observable<BatchWriteProgress>>();
    const unread = new BatchIncompleteError<BatchGetRequest>('', { action: 'BatchGetItem', unprocessed: {}, processed: 0 });
    expectTypeOf(db.batchGetItem(unread.unprocessed)).toEqualTypeOf<Observable<BatchGetGroup<Item>>>();
  });

  it('with ByTable, emits groups discriminated on their table, and items() yields the union of the item types', () => {
    const groups = db.batchGetItem<ByTable<{ Users: User; Orders: Order }>>({ Users: { keys: [{ id: 'u1' }] }, Orders: { keys: [{ id: 'o1' }] } });
    expectTypeOf(groups).toEqualTypeOf<Observable<BatchGetGroup<User, 'Users'> | BatchGetGroup<Order, 'Orders'>>>();
    expectTypeOf(groups.pipe(items())).toEqualTypeOf<Observable<User | Order>>();
    const narrows = (group: ObservedValueOf<typeof groups>) => {
      if (group.table === 'Orders') expectTypeOf(group.items).toEqualTypeOf<Order[]>();
      else expectTypeOf(group.items).toEqualTypeOf<User[]>();
    };
    void narrows;
    // @ts-expect-error: a table ByTable does not name
    void db.batchGetItem<ByTable<{ Users: User }>>({ Userz: { keys: [{ id: 'u1' }] } });
  });

  it('types consumed capacity on batch results, camelCase', () => {
    expectTypeOf<BatchGetGroup<User>['consumedCapacity']>().toEqualTypeOf<ConsumedCapacity | undefined>();
    expectTypeOf<BatchWriteProgress['consumedCapacity']>().toEqualTypeOf<ConsumedCapacity[] | undefined>();
    expectTypeOf<ConsumedCapacity['capacityUnits']>().toEqualTypeOf<number>();
    // @ts-expect-error: wire names are not the public shape
    void db.batchWriteItem({}, { ReturnConsumedCapacity: 'TOTAL' });
    // @ts-expect-error: not a ReturnConsumedCapacity value
    void db.bulkWrite('Users', { returnConsumedCapacity: 'ALL' });
  });

  it('refuses malformed requests at compile time', () => {
    // @ts-expect-error: a write is { put } or { delete }
    void db.batchWriteItem({ Users: [{ update: user }] });
    // @ts-expect-error: keys hold scalars only
    void db.batchGetItem({ Users: { keys: [{ id: ['u1'] }] } });
    // @ts-expect-error: unknown per-table option
    void db.batchGetItem({ Users: { keys: [], consistent: true } });
    // @ts-expect-error: concurrency is a number
    void db.bulkWrite('Users', { concurrency: '4' });
  });
});
