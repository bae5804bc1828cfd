import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { DynamoDB, items, type Page } from '../../src/index.js';

interface User {
  id: string;
  age?: number;
  tags: Set<string>;
}

describe('public types', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

  it('accepts user interfaces as items and returns them typed', () => {
    const user: User = { id: 'u1', tags: new Set(['a']) };
    expectTypeOf(db.putItem('Users', user)).toEqualTypeOf<Observable<User | undefined>>();
    expectTypeOf(db.getItem<User>('Users', { id: 'u1' })).toEqualTypeOf<Observable<User | undefined>>();
    expectTypeOf(db.query<User>('Users', { keyConditionExpression: 'id = :id' })).toEqualTypeOf<Observable<Page<User>>>();
    expectTypeOf(db.scan<User>('Users').pipe(items())).toEqualTypeOf<Observable<User>>();
  });

  it('refuses wrong option names and values at compile time', () => {
    // @ts-expect-error: unknown option
    void db.getItem('Users', { id: 'u1' }, { consistentread: true });
    // @ts-expect-error: returnValues of updateItem is not allowed on putItem
    void db.putItem('Users', { id: 'u1' }, { returnValues: 'ALL_NEW' });
    // @ts-expect-error: updateExpression is required
    void db.updateItem('Users', { id: 'u1' }, {});
    // @ts-expect-error: keys hold scalars only
    void db.getItem('Users', { id: ['u1'] });
    expectTypeOf(db.listTables()).toEqualTypeOf<Observable<string>>();
  });
});
