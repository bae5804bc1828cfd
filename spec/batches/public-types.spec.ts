import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { BatchIncompleteError, DynamoDB, type BatchGetRequest, type Item } from '../../src/index.js';

interface User {
  id: string;
  age?: number;
}

describe('public types of the batch calls', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

  it('types items', () => {
    expectTypeOf(db.batchGetItem<User>({ Users: { keys: [{ id: 'u1' }], consistentRead: true } })).toEqualTypeOf<Observable<User>>();
  });

  it('lets an incomplete batch be sent again as it is', () => {
    const unread = new BatchIncompleteError<BatchGetRequest>('', { action: 'BatchGetItem', unprocessed: {}, processed: 0 });
    expectTypeOf(db.batchGetItem(unread.unprocessed)).toEqualTypeOf<Observable<Item>>();
  });

  it('refuses malformed requests at compile time', () => {
    // @ts-expect-error: keys hold scalars only
    void db.batchGetItem({ Users: { keys: [{ id: ['u1'] }] } });
    // @ts-expect-error: unknown per-table option
    void db.batchGetItem({ Users: { keys: [], consistent: true } });
  });
});
