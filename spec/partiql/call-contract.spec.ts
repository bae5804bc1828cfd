import { merge, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { FakeDynamoDB, errorResponse, okResponse } from '../../src/testing/index.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

// What every call promises, held to the PartiQL, time to live and tag calls in virtual time.
const ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/Users';

// Each row: the call, the action it sends, a successful wire response, and what the call then emits (last value).
const CALLS: [string, (db: DynamoDB) => Observable<unknown>, object, unknown][] = [
  ['ExecuteStatement', (db) => db.executeStatement('SELECT * FROM "Users" WHERE id = ?', { parameters: ['a'] }), { Items: [{ id: { S: 'a' } }] }, { items: [{ id: 'a' }], count: 1, scannedCount: 1 }],
  ['BatchExecuteStatement', (db) => db.batchExecuteStatement([{ statement: 'SELECT * FROM "Users" WHERE id = ?', parameters: ['a'] }]), { Responses: [{ TableName: 'Users' }] }, [{ tableName: 'Users' }]],
  ['ExecuteTransaction', (db) => db.executeTransaction([{ statement: 'DELETE FROM "Users" WHERE id = ?', parameters: ['a'] }]), {}, [undefined]],
  ['DescribeTimeToLive', (db) => db.describeTimeToLive('Users'), { TimeToLiveDescription: { TimeToLiveStatus: 'DISABLED' } }, { TimeToLiveStatus: 'DISABLED' }],
  ['UpdateTimeToLive', (db) => db.updateTimeToLive('Users', { Enabled: true, AttributeName: 'exp' }), { TimeToLiveSpecification: { Enabled: true, AttributeName: 'exp' } }, { Enabled: true, AttributeName: 'exp' }],
  ['TagResource', (db) => db.tagResource(ARN, [{ Key: 'team', Value: 'a' }]), {}, undefined],
  ['UntagResource', (db) => db.untagResource(ARN, ['team']), {}, undefined],
  ['ListTagsOfResource', (db) => db.listTagsOfResource(ARN), { Tags: [{ Key: 'team', Value: 'a' }] }, { Key: 'team', Value: 'a' }],
];

describe.each(CALLS)('%s', (action, call, response, value) => {
  it('is cold, and a retryable failure re-sends the same request after the backoff', () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      let attempt = 0;
      fake.when(action, () => (attempt++ === 0 ? cold('-(r|)', { r: errorResponse('InternalServerError', 'oops', 500) }) : cold('-(r|)', { r: okResponse(response) })));
      const observable = call(fake.client());
      expect(fake.calls).toHaveLength(0);
      // 500 at 1, backoff 25 ms, answered at 27.
      expectObservable(observable).toBe('27ms (v|)', { v: value });
    });
    expect(fake.calls.map((sent) => sent.action)).toEqual([action, action]);
    expect(fake.calls[1]!.body).toEqual(fake.calls[0]!.body);
  });

  it('aborts the request in flight on unsubscribe', () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when(action, () => cold('----(r|)', { r: okResponse(response) }));
      expectObservable(call(fake.client()), '--!').toBe('');
    });
    expect(fake.calls.map((sent) => sent.cancelled)).toEqual([true]);
  });

  it("waits for a slot of the client's maxConcurrency", () => {
    const fake = new FakeDynamoDB();
    const virtual = marbleScheduler();
    const sentAt: number[] = [];
    virtual.run(({ cold, expectObservable }) => {
      fake.when(action, () => {
        sentAt.push(virtual.now());
        return cold('---(r|)', { r: okResponse(response) });
      });
      const db = fake.client({ maxConcurrency: 1 });
      expectObservable(merge(call(db), call(db))).toBe('---v--(v|)', { v: value });
    });
    expect(sentAt).toEqual([0, 3]);
  });
});
