// A marble test of your own pipeline, runnable as a script (in a test runner, use its expect).
// FakeDynamoDB (rx-dynamodb/testing) answers calls with marbles, so retries and paging show up
// in virtual time: no network, no Promise, no sleeping.
//   npx tsx examples/marble-test.ts
import { deepStrictEqual } from 'node:assert/strict';
import { filter, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { items } from '../src/index.js';
import { FakeDynamoDB, pageResponse, throttledResponse } from '../src/testing/index.js';

interface Order {
  id: string;
  total: number;
}

// The pipeline under test.
const bigOrders = (fake: FakeDynamoDB) =>
  fake
    .client()
    .query<Order>('Orders', { keyConditionExpression: 'customer = :c', expressionAttributeValues: { ':c': 'c1' } })
    .pipe(
      items(),
      filter((order) => order.total > 100),
      map((order) => order.id),
    );

new TestScheduler((actual, expected) => deepStrictEqual(actual, expected)).run(({ cold, expectObservable }) => {
  const fake = new FakeDynamoDB();
  let attempts = 0;
  // The first attempt is throttled; fake.client() pins the jitter, so the retry waits exactly 1 s.
  fake.when('Query', () => (attempts++ === 0 ? cold('-(t|)', { t: throttledResponse() }) : cold('--(p|)', { p: pageResponse([{ id: 'a', total: 50 }, { id: 'b', total: 500 }]) })));
  expectObservable(bigOrders(fake)).toBe('1003ms (b|)', { b: 'b' });
});
console.log('marble test passed: the throttled query was retried after 1 s of virtual time');
