import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import type { DynamoDBRequest, DynamoDBResponse } from '../../src/http/types.js';
import type { TransactWriteItem } from '../../src/operations/transact-write-items.js';
import { errorResponse, okResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

const ITEMS: TransactWriteItem[] = [
  { update: { table: 'Counters', key: { id: 'c' }, updateExpression: 'ADD n :one', expressionAttributeValues: { ':one': 1 } } },
  { put: { table: 'Log', item: { id: 'l1' } } },
];

/** A client whose transport answers the n-th request with `responses[n]` and records it; backoff at its maximum. */
function clientAnswering(responses: Observable<DynamoDBResponse>[], sent: DynamoDBRequest[]): DynamoDB {
  return new DynamoDB({
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    env: {},
    retry: { random: () => 1 },
    transport: (request) => {
      sent.push(request);
      return responses[sent.length - 1] ?? responses.at(-1)!;
    },
  });
}

const tokenOf = (request: DynamoDBRequest): unknown => (JSON.parse(request.body) as Record<string, unknown>)['ClientRequestToken'];

describe('transactWriteItems: retries and the client request token', () => {
  it('sends one generated token with every attempt of a subscription (in progress, then 500, then done)', () => {
    const sent: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const inProgress = cold('-r|', { r: errorResponse('TransactionInProgressException', 'Transaction is ongoing for the idempotency token') });
      const failed = cold('-r|', { r: errorResponse('InternalServerError', 'oops', 500) });
      const ok = cold('-r|', { r: okResponse({}) });
      const db = clientAnswering([inProgress, failed, ok], sent);
      // in progress at 1, backoff 1000 (throttling base); 500 at 1002, backoff 50; done at 1053.
      expectObservable(db.transactWriteItems(ITEMS)).toBe('1053ms r|', { r: {} });
    });
    expect(sent.map((request) => request.action)).toEqual(['TransactWriteItems', 'TransactWriteItems', 'TransactWriteItems']);
    const tokens = sent.map(tokenOf);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(tokens)).toEqual(new Set([tokens[0]]));
  });

  it('generates a new token for each subscription, and uses a given token as it is', () => {
    const sent: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const db = clientAnswering([cold('-r|', { r: okResponse({}) })], sent);
      const call = db.transactWriteItems(ITEMS);
      expectObservable(call).toBe('-r|', { r: {} });
      expectObservable(call).toBe('-r|', { r: {} });
      expectObservable(db.transactWriteItems(ITEMS, { clientRequestToken: 'transfer-42' })).toBe('-r|', { r: {} });
    });
    const [first, second, given] = sent.map(tokenOf);
    expect(first).not.toBe(second);
    expect(given).toBe('transfer-42');
  });

  it.each(['TransactionConflictException', 'TransactionCanceledException', 'IdempotentParameterMismatchException'])('does not retry %s', (code) => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const failure = cold('-r|', { r: errorResponse(code) });
      const db = clientAnswering([failure], []);
      expectObservable(db.transactWriteItems(ITEMS)).toBe('-#', undefined, expect.objectContaining({ code, retryable: false, action: 'TransactWriteItems' }));
      expectSubscriptions(failure.subscriptions).toBe('^!');
    });
  });

  it('refuses bad input with InvalidParameterError before anything is sent', () => {
    const sent: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const db = clientAnswering([cold('-r|', { r: okResponse({}) })], sent);
      expectObservable(db.transactWriteItems([])).toBe('#', undefined, expect.objectContaining({ name: 'InvalidParameterError', parameter: 'items' }));
      expectObservable(db.transactGetItems([{ table: 'Users', key: {} }])).toBe('#', undefined, expect.objectContaining({ name: 'InvalidParameterError', parameter: 'gets[0].key' }));
    });
    expect(sent).toEqual([]);
  });
});

describe('transactWriteItems: the result', () => {
  it('emits consumed capacity camelCase, and item collection metrics with native keys', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const response = okResponse({ ConsumedCapacity: [{ TableName: 'Counters', CapacityUnits: 2 }], ItemCollectionMetrics: { Log: [{ ItemCollectionKey: { id: { S: 'l1' } }, SizeEstimateRangeGB: [0, 1] }] } });
      const db = clientAnswering([cold('-r|', { r: response })], []);
      const result = { consumedCapacity: [{ tableName: 'Counters', capacityUnits: 2 }], itemCollectionMetrics: { Log: [{ itemCollectionKey: { id: 'l1' }, sizeEstimateRangeGB: [0, 1] }] } };
      expectObservable(db.transactWriteItems(ITEMS, { returnConsumedCapacity: 'TOTAL', returnItemCollectionMetrics: 'SIZE' })).toBe('-r|', { r: result });
    });
  });
});

describe('transactGetItems: the response', () => {
  it('emits an array aligned with the reads: the item, or undefined where there is none', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const response = okResponse({ Responses: [{ Item: { id: { S: 'a' }, n: { N: '1' } } }, {}, { Item: { id: { S: 'c' } } }] });
      const db = clientAnswering([cold('-r|', { r: response })], []);
      const gets = ['a', 'b', 'c'].map((id) => ({ table: 'Users', key: { id } }));
      expectObservable(db.transactGetItems(gets)).toBe('-r|', { r: [{ id: 'a', n: 1 }, undefined, { id: 'c' }] });
    });
  });
});
