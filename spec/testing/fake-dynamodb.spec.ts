import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { records, type ChangesOptions } from '../../src/index.js';
import { FakeDynamoDB, itemResponse, pageResponse, serveStream, streamArnOf, throttledResponse, type StreamRecordInit } from '../../src/testing/index.js';
import { marbleScheduler } from '../support/marble-scheduler.js';


describe('FakeDynamoDB, imperative style', () => {
  it('holds each call until the test answers it, then verifies nothing is left', async () => {
    const fake = new FakeDynamoDB();
    const db = fake.client();
    const user = firstValueFrom(db.getItem('Users', { id: 'u1' }));
    const call = fake.expectOne({ action: 'GetItem', table: 'Users' });
    expect(call.body).toEqual({ TableName: 'Users', Key: { id: { S: 'u1' } } });
    expect(call.request.headers['Authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=TESTKEY\//);
    call.respond({ Item: { id: { S: 'u1' }, name: { S: 'Ada' } } });
    expect(await user).toEqual({ id: 'u1', name: 'Ada' });
    fake.verify();
  });

  it('answers with DynamoDB errors and network failures (which the client retries)', async () => {
    const fake = new FakeDynamoDB();
    const db = fake.client({ retry: { baseDelayMs: 0 } });
    const put = firstValueFrom(db.putItem('Users', { id: 'u1' }, { conditionExpression: 'attribute_not_exists(id)' })).catch((e: unknown) => e);
    fake.expectOne('PutItem').fail('ConditionalCheckFailedException', 'The conditional request failed');
    expect(await put).toMatchObject({ name: 'ConditionalCheckFailedException' });

    const get = firstValueFrom(db.getItem('Users', { id: 'u1' }));
    fake.expectOne('GetItem').networkError('ECONNRESET');
    await new Promise((resolve) => setTimeout(resolve, 0)); // the retry waits a 0 ms timer
    fake.expectOne('GetItem').reply(itemResponse({ id: 'u1' }));
    expect(await get).toEqual({ id: 'u1' });
  });

  it('sees cancellation, and reports what is still pending', () => {
    const fake = new FakeDynamoDB();
    const db = fake.client();
    const subscription = db.getItem('Users', { id: 'u1' }).subscribe();
    db.describeTable('Orders').subscribe();
    expect(() => fake.verify()).toThrow('unanswered calls: GetItem on Users, DescribeTable on Orders');
    subscription.unsubscribe();
    expect(fake.calls[0]!.cancelled).toBe(true);
    expect(() => fake.expectOne('GetItem')).toThrow('expected one pending GetItem call, found 0');
    fake.expectNone('GetItem');
    expect(() => fake.expectNone('DescribeTable')).toThrow();
  });
});

describe('FakeDynamoDB, marble style', () => {
  it('answers an action with a cold observable; retries and backoff show in the diagram', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const fake = new FakeDynamoDB();
      const throttled = cold('-(t|)', { t: throttledResponse() });
      const found = cold('--(r|)', { r: itemResponse({ id: 'u1' }) });
      let call = 0;
      fake.when('GetItem', () => (call++ === 0 ? throttled : found));
      // throttled at 1, waits 1000 ms (throttling base, jitter pinned to 1), answered 2 frames later
      expectObservable(fake.client().getItem('Users', { id: 'u1' })).toBe('1003ms (u|)', { u: { id: 'u1' } });
      expectSubscriptions(found.subscriptions).toBe('1001ms ^-!');
    });
  });

  it('pages follow lastEvaluatedKey, each page a marble', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const fake = new FakeDynamoDB();
      fake.when('Query', (call) =>
        call.body['ExclusiveStartKey'] === undefined
          ? cold('-(p|)', { p: pageResponse([{ id: 1 }, { id: 2 }], { id: 2 }) })
          : cold('--(p|)', { p: pageResponse([{ id: 3 }]) }),
      );
      const ids = fake.client().query<{ id: number }>('Items', { keyConditionExpression: 'k = :k', expressionAttributeValues: { ':k': 1 } });
      expectObservable(ids).toBe('-a-(b|)', {
        a: { items: [{ id: 1 }, { id: 2 }], count: 2, scannedCount: 2, lastEvaluatedKey: { id: 2 } },
        b: { items: [{ id: 3 }], count: 1, scannedCount: 1 },
      });
    });
  });

  it('a handler can also answer synchronously', async () => {
    const fake = new FakeDynamoDB().when('ListTables', () => ({ statusCode: 200, headers: {}, body: '{"TableNames":["A","B"]}' }));
    expect(await lastValueFrom(fake.client().listTables().pipe(toArray()))).toEqual(['A', 'B']);
  });
});

describe('serveStream', () => {
  /** The records `changes` emits (`<table> <shard> <seq>`) from the fake's scripts, reading until `until` in virtual time. */
  function emitted(serve: (fake: FakeDynamoDB) => void, reads: [table: string, options: ChangesOptions][], until = 1000): string[] {
    const lines: string[] = [];
    const scheduler = marbleScheduler();
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      serve(fake);
      for (const [table, options] of reads) {
        const subscription = fake
          .client()
          .changes(table, options)
          .pipe(records())
          .subscribe({ next: (r) => lines.push(`${table} ${r.shardId} ${r.sequenceNumber}`), error: (e: Error) => lines.push(`${table} ${e.name}`) });
        scheduler.schedule(() => subscription.unsubscribe(), until);
      }
    });
    return lines;
  }
  const insert = (sequenceNumber: string): StreamRecordInit => ({ eventName: 'INSERT', keys: { pk: sequenceNumber }, sequenceNumber });
  const checkpoint = (table: string, shards: Record<string, string>) => ({ startAt: { streamArn: streamArnOf(table), shards } });

  it('resumes after a sequence number in the middle of a batch with the rest of it, and after one between records with the next', () => {
    const serve = (fake: FakeDynamoDB) => serveStream(fake, 'Orders', [{ shardId: 's1', batches: [[insert('10'), insert('20'), insert('30')], [insert('40')]] }]);
    expect(emitted(serve, [['Orders', checkpoint('Orders', { s1: '20' })]])).toEqual(['Orders s1 30', 'Orders s1 40']);
    expect(emitted(serve, [['Orders', checkpoint('Orders', { s1: '15' })]])).toEqual(['Orders s1 20', 'Orders s1 30', 'Orders s1 40']);
    expect(emitted(serve, [['Orders', checkpoint('Orders', { s1: '30' })]])).toEqual(['Orders s1 40']);
    expect(emitted(serve, [['Orders', checkpoint('Orders', { s1: '99' })]])).toEqual([]);
  });

  it('serves each table its own stream on one fake, and no other stream ARN', () => {
    const serve = (fake: FakeDynamoDB) => {
      serveStream(fake, 'Orders', [{ shardId: 's1', batches: [[insert('1')]] }]);
      serveStream(fake, 'Users', [{ shardId: 's1', batches: [[insert('7')]] }]);
    };
    expect(emitted(serve, [['Orders', { startAt: 'TRIM_HORIZON' }], ['Users', { startAt: 'TRIM_HORIZON' }]]).sort()).toEqual(['Orders s1 1', 'Users s1 7']);
    const otherStream = { startAt: 'TRIM_HORIZON' as const, streamArn: streamArnOf('Users').replace('2026', '2025') };
    expect(emitted(serve, [['Users', otherStream]])).toEqual(['Users ResourceNotFoundException']);
  });
});
