import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import {
  DynamoDB,
  items,
  type BatchStatementResult,
  type Page,
  type StatementPage,
  type Tag,
  type TimeToLiveDescription,
  type TimeToLiveSpecification,
} from '../../src/index.js';

interface User {
  id: string;
  visits: number;
}

describe('PartiQL, TTL and tag types', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });
  const SELECT = 'SELECT * FROM "Users" WHERE id = ?';

  it('types what the PartiQL calls emit; a statement page is a Page that items() flattens', () => {
    expectTypeOf(db.executeStatement<User>(SELECT, { parameters: ['u1'] })).toEqualTypeOf<Observable<StatementPage<User>>>();
    expectTypeOf(db.executeStatement<User>(SELECT)).toExtend<Observable<Page<User>>>();
    expectTypeOf(db.executeStatement<User>(SELECT).pipe(items())).toEqualTypeOf<Observable<User>>();
    expectTypeOf(db.batchExecuteStatement<User>([{ statement: SELECT }])).toEqualTypeOf<Observable<BatchStatementResult<User>[]>>();
    expectTypeOf(db.executeTransaction<User>([{ statement: SELECT }])).toEqualTypeOf<Observable<(User | undefined)[]>>();
  });

  it('narrows a batch result on its error', () => {
    const result = {} as BatchStatementResult<User>;
    if (result.error) {
      expectTypeOf(result.error.code).toExtend<string>();
      expectTypeOf(result.error.item).toEqualTypeOf<User | undefined>();
      expectTypeOf(result.item).toEqualTypeOf<undefined>();
    } else {
      expectTypeOf(result.item).toEqualTypeOf<User | undefined>();
    }
  });

  it('refuses what DynamoDB does not take at compile time', () => {
    // @ts-expect-error: a Date is not a DynamoDB value
    void db.executeStatement(SELECT, { parameters: [new Date()] });
    // @ts-expect-error: exclusiveStartKey is Query/Scan's; a statement resumes with nextToken
    void db.executeStatement(SELECT, { exclusiveStartKey: { id: 'u1' } });
    // @ts-expect-error: limit is ExecuteStatement's, not a batch statement's
    void db.batchExecuteStatement([{ statement: SELECT, limit: 1 }]);
    // @ts-expect-error: a transaction statement takes no consistentRead
    void db.executeTransaction([{ statement: SELECT, consistentRead: true }]);
  });

  it('types the control plane in its wire shapes', () => {
    expectTypeOf(db.describeTimeToLive('Users')).toEqualTypeOf<Observable<TimeToLiveDescription>>();
    expectTypeOf(db.updateTimeToLive('Users', { Enabled: true, AttributeName: 'exp' })).toEqualTypeOf<Observable<TimeToLiveSpecification>>();
    expectTypeOf(db.tagResource('arn', [{ Key: 'k', Value: 'v' }])).toEqualTypeOf<Observable<void>>();
    expectTypeOf(db.untagResource('arn', ['k'])).toEqualTypeOf<Observable<void>>();
    expectTypeOf(db.listTagsOfResource('arn')).toEqualTypeOf<Observable<Tag>>();
    // @ts-expect-error: the wire shape is PascalCase
    void db.updateTimeToLive('Users', { enabled: true, attributeName: 'exp' });
    // @ts-expect-error: AttributeName is required
    void db.updateTimeToLive('Users', { Enabled: false });
    // @ts-expect-error: a tag is { Key, Value }
    void db.tagResource('arn', [{ key: 'k', value: 'v' }]);
  });
});
