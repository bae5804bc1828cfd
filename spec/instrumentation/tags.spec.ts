import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { AttemptRecord } from '../../src/instrumentation/attempt.js';
import { currentTags, tagged, withTags } from '../../src/instrumentation/tags.js';
import { FakeDynamoDB } from '../../src/testing/fake-dynamodb.js';
import { itemResponse, okResponse, pageResponse, throttledResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

const query = { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': 'p' } };

describe('client tags', () => {
  it('come from env SERVICE and ENVIRONMENT, and the tags option wins', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => okResponse());
    const measurements: Measurement[] = [];
    const db = fake.client({ env: { SERVICE: 'orders', ENVIRONMENT: 'staging' }, tags: { environment: 'prod', region: 'eu' }, onMeasurement: (m) => measurements.push(m) });
    await firstValueFrom(db.getItem('Orders', { id: 1 }));
    expect(measurements[0]!.tags).toEqual({ service: 'orders', environment: 'prod', region: 'eu' });
    expect(db.config.tags).toEqual({ service: 'orders', environment: 'prod', region: 'eu' });
  });

  it('are left out of records when there are none', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => okResponse());
    const measurements: Measurement[] = [];
    await firstValueFrom(fake.client({ onMeasurement: (m) => measurements.push(m) }).getItem('Orders', { id: 1 }));
    expect(measurements[0]).not.toHaveProperty('tags');
  });

  it('refuses tags that are not strings', () => {
    expect(() => new FakeDynamoDB().client({ tags: { n: 1 as unknown as string } })).toThrow(/option tags.n must be a string/);
  });
});

describe('withTags: a scope for the calls subscribed in it', () => {
  it('tags calls subscribed inside the scope, nested scopes merge, and the client tags stay under them', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => okResponse());
    const measurements: Measurement[] = [];
    const db = fake.client({ tags: { service: 'api' }, onMeasurement: (m) => measurements.push(m) });
    await withTags({ correlationId: 'req-1' }, () =>
      withTags({ step: 'load' }, () => {
        expect(currentTags()).toEqual({ correlationId: 'req-1', step: 'load' });
        return firstValueFrom(db.getItem('Orders', { id: 1 }));
      }),
    );
    expect(measurements[0]!.tags).toEqual({ service: 'api', correlationId: 'req-1', step: 'load' });
    expect(currentTags()).toEqual({});
  });

  it('takes the tags at subscribe, not when the method is called', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => okResponse());
    const measurements: Measurement[] = [];
    const db = fake.client({ onMeasurement: (m) => measurements.push(m) });
    const made = withTags({ correlationId: 'made-here' }, () => db.getItem('Orders', { id: 1 }));
    await withTags({ correlationId: 'subscribed-here' }, () => firstValueFrom(made));
    await firstValueFrom(made);
    expect(measurements.map((m) => m.tags?.correlationId)).toEqual(['subscribed-here', undefined]);
  });

  it('keeps the scope across async steps started in it', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => okResponse());
    const measurements: Measurement[] = [];
    const db = fake.client({ onMeasurement: (m) => measurements.push(m) });
    await withTags({ correlationId: 'later' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await firstValueFrom(db.getItem('Orders', { id: 1 }));
    });
    expect(measurements[0]!.tags).toEqual({ correlationId: 'later' });
  });

  it('a call answered from another context still hands its result to the subscriber in its own scope', () => {
    // One slot: B's query waits for A's call, so B's first page is sent from the context that
    // released the slot, and answered from the test's. Its next page must still carry B's tags.
    const fake = new FakeDynamoDB();
    const db = fake.client({ maxConcurrency: 1 });
    const attempts: AttemptRecord[] = [];
    db.attempts$.subscribe((a) => attempts.push(a));
    withTags({ correlationId: 'a' }, () => db.getItem('Orders', { id: 1 }).subscribe());
    withTags({ correlationId: 'b' }, () => db.query('Orders', query).subscribe());
    fake.expectOne('GetItem').reply(itemResponse({ id: 1 }));
    fake.expectOne('Query').reply(pageResponse([{ pk: 'p', sk: 1 }], { pk: 'p', sk: 1 }));
    fake.expectOne('Query').reply(pageResponse([{ pk: 'p', sk: 2 }]));
    expect(attempts.map((a) => `${a.action}:${a.tags?.correlationId}`)).toEqual(['GetItem:a', 'Query:b', 'Query:b']);
  });
});

describe('tagged: an operator that subscribes its source in a scope', () => {
  it('tags every page and every attempt of a stream, in virtual time', () => {
    const fake = new FakeDynamoDB();
    const measurements: Measurement[] = [];
    const attempts: AttemptRecord[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      let n = 0;
      const answers = [
        cold('-p|', { p: pageResponse([{ pk: 'p', sk: 1 }], { pk: 'p', sk: 1 }) }),
        cold('-t|', { t: throttledResponse() }),
        cold('-p|', { p: pageResponse([{ pk: 'p', sk: 2 }]) }),
      ];
      fake.when('Query', () => answers[n++]!);
      const db = fake.client({ onMeasurement: (m) => measurements.push(m) });
      db.attempts$.subscribe((a) => attempts.push(a));
      const pages = db.query('Orders', query).pipe(tagged({ correlationId: 'job-42' }));
      expectObservable(pages).toBe('-a 1002ms b|', { a: expect.objectContaining({ count: 1 }), b: expect.objectContaining({ count: 1 }) });
    });
    expect(measurements.map((m) => m.tags)).toEqual([{ correlationId: 'job-42' }, { correlationId: 'job-42' }]);
    expect(attempts.map((a) => a.tags)).toEqual([{ correlationId: 'job-42' }, { correlationId: 'job-42' }, { correlationId: 'job-42' }]);
  });

  it('is cold: each subscription opens its own scope', async () => {
    const fake = new FakeDynamoDB().when('GetItem', () => okResponse());
    const measurements: Measurement[] = [];
    const db = fake.client({ onMeasurement: (m) => measurements.push(m) });
    const get = db.getItem('Orders', { id: 1 }).pipe(tagged({ correlationId: 'x' }));
    await lastValueFrom(get.pipe(toArray()));
    await firstValueFrom(db.getItem('Orders', { id: 1 }));
    expect(measurements.map((m) => m.tags)).toEqual([{ correlationId: 'x' }, undefined]);
  });
});
