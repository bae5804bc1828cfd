import { take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { FakeDynamoDB, errorResponse, okResponse, statementResponse, throttledResponse } from '../../src/testing/index.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

// PartiQL flow in virtual time, against the fake users get from rx-dynamodb/testing.
const SELECT = 'SELECT * FROM "Orders" WHERE pk = ?';

describe('executeStatement: paging', () => {
  it('retries a throttled page on its own: earlier pages are not fetched or emitted again', () => {
    const fake = new FakeDynamoDB();
    const tokens: unknown[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      let throttled = false;
      fake.when('ExecuteStatement', (call) => {
        const token = call.body['NextToken'];
        tokens.push(token);
        if (token === undefined) return cold('-(r|)', { r: statementResponse([{ n: 1 }], 'p2') });
        if (token === 'p2' && !throttled) {
          throttled = true;
          return cold('-(r|)', { r: throttledResponse() });
        }
        return token === 'p2' ? cold('-(r|)', { r: statementResponse([{ n: 2 }], 'p3') }) : cold('-(r|)', { r: statementResponse([{ n: 3 }]) });
      });
      // page 1 at 1; page 2 throttled at 2, retried after 1000 ms (throttling base) and answered at 1003; page 3 at 1004.
      expectObservable(fake.client().executeStatement(SELECT, { parameters: ['c1'] })).toBe('-a 1001ms b (c|)', {
        a: { items: [{ n: 1 }], count: 1, scannedCount: 1, nextToken: 'p2' },
        b: { items: [{ n: 2 }], count: 1, scannedCount: 1, nextToken: 'p3' },
        c: { items: [{ n: 3 }], count: 1, scannedCount: 1 },
      });
    });
    expect(tokens).toEqual([undefined, 'p2', 'p2', 'p3']);
    expect(fake.calls.map((call) => call.body['Parameters'])).toEqual(Array(4).fill([{ S: 'c1' }]));
  });

  it('sends n requests for take(n), resumes from a given nextToken, and aborts the page in flight on unsubscribe', () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      // Page n holds { n } and points to `after-n`.
      fake.when('ExecuteStatement', (call) => {
        const n = call.body['NextToken'] === undefined ? 1 : Number(String(call.body['NextToken']).slice('after-'.length)) + 1;
        return cold('--(r|)', { r: statementResponse([{ n }], `after-${n}`) });
      });
      const db = fake.client();
      expectObservable(db.executeStatement(SELECT, { parameters: ['c1'] }).pipe(take(2))).toBe('--a-(b|)', {
        a: { items: [{ n: 1 }], count: 1, scannedCount: 1, nextToken: 'after-1' },
        b: { items: [{ n: 2 }], count: 1, scannedCount: 1, nextToken: 'after-2' },
      });
      expectObservable(db.executeStatement(SELECT, { parameters: ['c1'], nextToken: 'after-9' }), '---!').toBe('--a', { a: { items: [{ n: 10 }], count: 1, scannedCount: 1, nextToken: 'after-10' } });
    });
    // take(2): two requests, none after; the resumed stream's second page was in flight when it unsubscribed.
    expect(fake.calls.map((call) => call.body['NextToken'])).toEqual([undefined, 'after-9', 'after-1', 'after-10']);
    expect(fake.calls.map((call) => call.cancelled)).toEqual([false, false, expect.any(Boolean), true]);
  });

  it('fails with MalformedResponseError when NextToken is not a string, instead of stopping silently', () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when('ExecuteStatement', () => cold('-(r|)', { r: okResponse({ Items: [], NextToken: 7 }) }));
      expectObservable(fake.client({ maxRetries: 0 }).executeStatement(SELECT, { parameters: ['c1'] })).toBe(
        '-#',
        undefined,
        expect.objectContaining({ name: 'MalformedResponseError', message: 'ExecuteStatement: NextToken: not a string, got a number' }),
      );
    });
  });
});

describe('executeTransaction: the client request token', () => {
  const STATEMENTS = [{ statement: 'UPDATE "Accounts" SET n = n + 1 WHERE id = ?', parameters: ['a'] }];

  it('keeps one generated token across the retries of a subscription, and makes a new one per subscription', () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      const seen = new Set<unknown>();
      fake.when('ExecuteTransaction', (call) => {
        const firstAttempt = !seen.has(call.body['ClientRequestToken']);
        seen.add(call.body['ClientRequestToken']);
        return firstAttempt ? cold('-(r|)', { r: errorResponse('InternalServerError', 'oops', 500) }) : cold('-(r|)', { r: okResponse({}) });
      });
      const call = fake.client().executeTransaction(STATEMENTS);
      // 500 at 1, backoff 25 ms, answered at 27.
      expectObservable(call).toBe('27ms (r|)', { r: [undefined] });
      expectObservable(call).toBe('27ms (r|)', { r: [undefined] });
    });
    // Both subscriptions start at 0 and retry at 26: first, second, retry of first, retry of second.
    const [first, second, retry, secondRetry] = fake.calls.map((call) => call.body['ClientRequestToken']);
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(retry).toBe(first);
    expect(second).not.toBe(first);
    expect(secondRetry).toBe(second);
  });

  it.each(['TransactionCanceledException', 'TransactionConflictException', 'IdempotentParameterMismatchException'])('does not retry %s', (code) => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when('ExecuteTransaction', () => cold('-(r|)', { r: errorResponse(code) }));
      expectObservable(fake.client().executeTransaction(STATEMENTS)).toBe('-#', undefined, expect.objectContaining({ code, retryable: false, action: 'ExecuteTransaction' }));
    });
    expect(fake.calls).toHaveLength(1);
  });

  it('emits an array aligned with the statements, native items or undefined; capacity reaches onMeasurement', () => {
    const measurements: Measurement[] = [];
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when('ExecuteTransaction', () => cold('-(r|)', { r: okResponse({ Responses: [{ Item: { id: { S: 'a' }, n: { N: '2' } } }, {}], ConsumedCapacity: [{ TableName: 'Accounts', CapacityUnits: 4 }] }) }));
      const reads = [{ statement: 'SELECT * FROM "Accounts" WHERE id = ?', parameters: ['a'] }, { statement: 'SELECT * FROM "Accounts" WHERE id = ?', parameters: ['b'] }, { statement: 'SELECT * FROM "Accounts" WHERE id = ?', parameters: ['c'] }];
      expectObservable(fake.client({ onMeasurement: (m) => measurements.push(m) }).executeTransaction(reads, { returnConsumedCapacity: 'TOTAL' })).toBe('-(r|)', { r: [{ id: 'a', n: 2 }, undefined, undefined] });
    });
    expect(measurements).toEqual([expect.objectContaining({ action: 'ExecuteTransaction', consumedCapacity: [{ tableName: 'Accounts', capacityUnits: 4 }] })]);
  });
});

describe('batchExecuteStatement: the response', () => {
  const STATEMENTS = ['a', 'b', 'c'].map((id) => ({ statement: 'UPDATE "Users" SET n = 1 WHERE id = ? AND n = 0', parameters: [id], returnValuesOnConditionCheckFailure: 'ALL_OLD' as const }));

  it('maps each response to its item or its error, with native values; capacity reaches onMeasurement', () => {
    const measurements: Measurement[] = [];
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      const response = okResponse({
        Responses: [
          { TableName: 'Users' },
          { TableName: 'Users', Error: { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed', Item: { id: { S: 'b' }, n: { N: '5' } } } },
          { Error: { Code: 'ThrottlingError', Message: 'slow down' } },
        ],
        ConsumedCapacity: [{ TableName: 'Users', CapacityUnits: 3 }],
      });
      fake.when('BatchExecuteStatement', () => cold('-(r|)', { r: response }));
      expectObservable(fake.client({ onMeasurement: (m) => measurements.push(m) }).batchExecuteStatement(STATEMENTS, { returnConsumedCapacity: 'TOTAL' })).toBe('-(r|)', {
        r: [
          { tableName: 'Users' },
          { tableName: 'Users', error: { code: 'ConditionalCheckFailed', message: 'The conditional request failed', item: { id: 'b', n: 5 } } },
          { error: { code: 'ThrottlingError', message: 'slow down' } },
        ],
      });
    });
    expect(fake.calls).toHaveLength(1);
    expect(measurements).toEqual([expect.objectContaining({ action: 'BatchExecuteStatement', consumedCapacity: [{ tableName: 'Users', capacityUnits: 3 }] })]);
  });

  // Each row: a response that is not DynamoDB's, and the MalformedResponseError's message.
  const MALFORMED: [string, object, string][] = [
    ['no Responses', {}, 'BatchExecuteStatement: Responses: not a list, got undefined'],
    ['fewer responses than statements', { Responses: [{}, {}] }, 'BatchExecuteStatement: Responses: holds 2 entries for 3 statements'],
    ['an entry that is not an object', { Responses: [{}, 'x', {}] }, 'BatchExecuteStatement: Responses[1]: not a JSON object, got a string'],
    ['an error without a code', { Responses: [{}, {}, { Error: { Message: 'm' } }] }, 'BatchExecuteStatement: Responses[2].Error.Code: not a string, got undefined'],
    ['an item that is not a map', { Responses: [{ Item: [] }, {}, {}] }, 'BatchExecuteStatement: Responses[0].Item: expected an attribute map object such as { "id": { "S": "a" } }, got an array'],
  ];

  it.each(MALFORMED)('fails with MalformedResponseError on %s', (_, body, message) => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when('BatchExecuteStatement', () => cold('-(r|)', { r: okResponse(body) }));
      // Read inside the attempt, a malformed response is retried like any MalformedResponseError: maxRetries 0 shows the first.
      expectObservable(fake.client({ maxRetries: 0 }).batchExecuteStatement(STATEMENTS)).toBe('-#', undefined, expect.objectContaining({ name: 'MalformedResponseError', action: 'BatchExecuteStatement', message }));
    });
  });
});
