import { from, type Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { BatchIncompleteError, DynamoDB, type BatchGetRequest, type BatchWriteProgress, type BatchWriteRequest, type Item, type WriteRequest } from '../../src/index.js';

interface User {
  id: string;
  age?: number;
}

describe('public types of the batch calls', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });
  const user: User = { id: 'u1' };

  it('types items, writes and progress', () => {
    expectTypeOf(db.batchGetItem<User>({ Users: { keys: [{ id: 'u1' }], consistentRead: true } })).toEqualTypeOf<Observable<User>>();
    expectTypeOf(db.batchWriteItem({ Users: [{ put: user }, { delete: { id: 'u2' } }] })).toEqualTypeOf<Observable<BatchWriteProgress>>();
    const writes: WriteRequest<User>[] = [{ put: user }];
    expectTypeOf(from(writes).pipe(db.bulkWrite('Users', { concurrency: 2 }))).toEqualTypeOf<Observable<BatchWriteProgress>>();
  });

  it('lets an incomplete batch be sent again as it is', () => {
    const error = new BatchIncompleteError<BatchWriteRequest>('', { action: 'BatchWriteItem', unprocessed: {}, processed: 0 });
    expectTypeOf(db.batchWriteItem(error.unprocessed)).toEqualTypeOf<Observable<BatchWriteProgress>>();
    const unread = new BatchIncompleteError<BatchGetRequest>('', { action: 'BatchGetItem', unprocessed: {}, processed: 0 });
    expectTypeOf(db.batchGetItem(unread.unprocessed)).toEqualTypeOf<Observable<Item>>();
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
