// How to marble-test your own pipeline that uses rx-dynamodb: copy from here.
// Everything runs in virtual time: no network, no Promise, no sleeping.
import { filter, map, switchMap, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { items } from '../../src/index.js';
import { FakeDynamoDB, pageResponse, throttledResponse } from '../../src/testing/index.js';
import { marbleScheduler } from '../support/marble-scheduler.js';


interface Order {
  id: string;
  total: number;
}

/** The pipeline under test: big orders of a customer, as ids. */
const bigOrderIds = (db: ReturnType<FakeDynamoDB['client']>, customer: string) =>
  db
    .query<Order>('Orders', { keyConditionExpression: 'customer = :c', expressionAttributeValues: { ':c': customer } })
    .pipe(
      items(),
      filter((order) => order.total > 100),
      map((order) => order.id),
    );

describe('marble-testing a user pipeline', () => {
  it('pages and a throttled page retry appear in the diagram', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const fake = new FakeDynamoDB();
      let page2Attempts = 0;
      fake.when('Query', (call) => {
        if (call.body['ExclusiveStartKey'] === undefined) {
          return cold('-(p|)', { p: pageResponse([{ id: 'a', total: 50 }, { id: 'b', total: 500 }], { customer: 'c1', id: 'b' }) });
        }
        // page 2 is throttled once: the client waits 1 s (throttling backoff, jitter pinned by fake.client())
        return page2Attempts++ === 0 ? cold('-(t|)', { t: throttledResponse() }) : cold('--(p|)', { p: pageResponse([{ id: 'c', total: 900 }]) });
      });
      expectObservable(bigOrderIds(fake.client(), 'c1')).toBe('-b 1002ms (c|)', { b: 'b', c: 'c' });
    });
  });

  it('switchMap cancels the query in flight when a new customer comes (the request is aborted)', () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const slow = cold('-----(p|)', { p: pageResponse([{ id: 'x', total: 200 }]) });
      const fast = cold('-(p|)', { p: pageResponse([{ id: 'y', total: 300 }]) });
      fake.when('Query', (call) => ((call.body['ExpressionAttributeValues'] as { ':c': { S: string } })[':c'].S === 'slow' ? slow : fast));
      const customers = hot('-s-f|', { s: 'slow', f: 'fast' });
      const ids = customers.pipe(switchMap((customer) => bigOrderIds(fake.client(), customer)));
      expectObservable(ids).toBe('----(y|)', { y: 'y' });
      expectSubscriptions(slow.subscriptions).toBe('-^-!');
    });
    expect(fake.calls.map((call) => call.cancelled)).toEqual([true, false]);
  });

  it('take(1) stops paging: the second page is never requested', () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      fake.when('Query', () => cold('-(p|)', { p: pageResponse([{ id: 'a', total: 500 }], { customer: 'c1', id: 'a' }) }));
      expectObservable(bigOrderIds(fake.client(), 'c1').pipe(take(1))).toBe('-(a|)', { a: 'a' });
    });
    expect(fake.calls).toHaveLength(1);
  });

  it('collecting with toArray waits for the last page', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const fake = new FakeDynamoDB();
      fake.when('Query', (call) =>
        call.body['ExclusiveStartKey'] === undefined
          ? cold('--(p|)', { p: pageResponse([{ id: 'a', total: 101 }], { customer: 'c1', id: 'a' }) })
          : cold('--(p|)', { p: pageResponse([{ id: 'b', total: 102 }]) }),
      );
      expectObservable(bigOrderIds(fake.client(), 'c1').pipe(toArray())).toBe('----(l|)', { l: ['a', 'b'] });
    });
  });
});
