import { firstValueFrom, map, take, tap, timeout, timer, type Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { records } from '../../src/index.js';
import type { ChangeBatch, HandledChanges, StreamCheckpoint } from '../../src/index.js';
import type { DynamoDBResponse } from '../../src/http/types.js';
import { describeStreamResponse, errorResponse, FakeDynamoDB, serveStream, streamArnOf, type FakeCall, type ScriptedShard } from '../../src/testing/index.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { MAX_DESCRIBE_PAGES } from '../../src/changes/discovery.js';
import { insert, logged, once } from './support.js';

// The flow of db.changes in virtual time, against rx-dynamodb/testing's scripted stream:
// polling cadence, catch-up, lineage order, the paced bound and the client's slots.

/** Runs `db.changes` on `shards` until `until`; returns the records emitted (`<time> <shard> <seq>`) and the requests. */
function run(shards: ScriptedShard[], options: object, until: number): { emitted: string[]; requests: string[] } {
  const emitted: string[] = [];
  const requests: string[] = [];
  const scheduler = marbleScheduler();
  scheduler.run(() => {
    const fake = new FakeDynamoDB();
    serveStream(fake, 'Orders', shards, { timing: logged(scheduler, requests) });
    const subscription = fake
      .client()
      .changes('Orders', options)
      .pipe(records())
      .subscribe((record) => emitted.push(`${scheduler.now()} ${record.shardId} ${record.sequenceNumber}`));
    scheduler.schedule(() => subscription.unsubscribe(), until);
  });
  return { emitted, requests };
}

describe('changes: polling', () => {
  it('reads a shard again at once while it returns records (reads 200 ms apart), and waits pollIntervalMs after an empty read', () => {
    const { emitted, requests } = run([{ shardId: 's1', batches: [[insert('a', '1')], [insert('b', '2')], [], [insert('c', '3')]] }], { startAt: 'TRIM_HORIZON' }, 3000);
    expect(emitted).toEqual(['4 s1 1', '204 s1 2', '1405 s1 3']);
    expect(requests).toEqual([
      '0 DescribeTable Orders',
      '1 DescribeStream all',
      '2 GetShardIterator s1 TRIM_HORIZON',
      '3 GetRecords s1#0',
      '203 GetRecords s1#1', // behind: at once, but 200 ms after the previous read started (5 reads a second)
      '403 GetRecords s1#2', // empty: wait pollIntervalMs (1000) ...
      '1404 GetRecords s1#3',
      '1604 GetRecords s1#4', // the open shard's end: empty reads from now on, once a second
      '2605 GetRecords s1#4',
    ]);
  });

  it('pollIntervalMs sets the wait after an empty read, never below 200 ms between reads of a shard', () => {
    expect(run([{ shardId: 's1', batches: [] }], { startAt: 'TRIM_HORIZON', pollIntervalMs: 50 }, 700).requests.slice(3)).toEqual([
      '3 GetRecords s1#0',
      '203 GetRecords s1#0',
      '403 GetRecords s1#0',
      '603 GetRecords s1#0',
    ]);
    expect(run([{ shardId: 's1', batches: [] }], { startAt: 'TRIM_HORIZON', pollIntervalMs: 5000 }, 11_000).requests.slice(3)).toEqual(['3 GetRecords s1#0', '5004 GetRecords s1#0', '10005 GetRecords s1#0']);
  });

  it('a LATEST start reads open shards from LATEST and skips closed ones', () => {
    const shards = [
      { shardId: 'old', closed: true, batches: [[insert('x', '1')]] },
      { shardId: 's1', parentShardId: 'old', batches: [[insert('a', '2')]] },
    ];
    const { emitted, requests } = run(shards, {}, 1500);
    expect(emitted).toEqual([]);
    expect(requests).toEqual(['0 DescribeTable Orders', '1 DescribeStream all', '2 GetShardIterator s1 LATEST', '3 GetRecords s1#1', '1004 GetRecords s1#1']);
  });
});

describe('changes: lineage', () => {
  it('reads a child only after its parent was read to its end, three generations deep; independent shards at once', () => {
    const shards = [
      { shardId: 'A', closed: true, batches: [[insert('k', '1')], [insert('k', '2')]] },
      { shardId: 'B', parentShardId: 'A', closed: true, batches: [[insert('k', '3')]] },
      { shardId: 'C', parentShardId: 'B', batches: [[insert('k', '4')]] },
      { shardId: 'D', batches: [[insert('j', '10')]] },
    ];
    const { emitted, requests } = run(shards, { startAt: 'TRIM_HORIZON' }, 1500);
    expect(emitted).toEqual(['4 A 1', '4 D 10', '204 A 2', '407 B 3', '610 C 4']);
    expect(requests).toEqual([
      '0 DescribeTable Orders',
      '1 DescribeStream all',
      '2 GetShardIterator A TRIM_HORIZON',
      '2 GetShardIterator D TRIM_HORIZON',
      '3 GetRecords A#0',
      '3 GetRecords D#0',
      '203 GetRecords A#1',
      '203 GetRecords D#1',
      '403 GetRecords A#2', // A's end (no NextShardIterator): its children are listed, then read
      '404 DescribeStream children of A',
      '405 GetShardIterator B TRIM_HORIZON',
      '406 GetRecords B#0',
      '606 GetRecords B#1',
      '607 DescribeStream children of B',
      '608 GetShardIterator C TRIM_HORIZON',
      '609 GetRecords C#0',
      '809 GetRecords C#1',
      '1204 GetRecords D#1',
    ]);
  });

  it('reads a parent listed after its child first', () => {
    const shards = [
      { shardId: 'B', parentShardId: 'A', batches: [[insert('k', '2')]] },
      { shardId: 'A', closed: true, batches: [[insert('k', '1')]] },
    ];
    expect(run(shards, { startAt: 'TRIM_HORIZON' }, 1000).emitted).toEqual(['4 A 1', '207 B 2']);
  });

  it('fails with a MalformedResponseError on a lineage that loops (shards that would wait for each other forever), instead of reading nothing', () => {
    const loops: [ScriptedShard[], string][] = [
      [[{ shardId: 's1', parentShardId: 's1', batches: [[insert('k', '1')]] }], 's1 -> s1'],
      [[{ shardId: 'D', batches: [] }, { shardId: 'X', parentShardId: 'A', batches: [] }, { shardId: 'A', parentShardId: 'B', batches: [] }, { shardId: 'B', parentShardId: 'A', batches: [] }], 'A -> B -> A'],
    ];
    for (const [shards, loop] of loops) {
      const requests: string[] = [];
      let error: unknown;
      const scheduler = marbleScheduler();
      scheduler.run(() => {
        const fake = new FakeDynamoDB();
        serveStream(fake, 'Orders', shards, { timing: logged(scheduler, requests) });
        const subscription = fake.client().changes('Orders', { startAt: 'TRIM_HORIZON' }).subscribe({ error: (e: unknown) => (error = e) });
        scheduler.schedule(() => subscription.unsubscribe(), 5000);
      });
      expect(error).toMatchObject({ name: 'MalformedResponseError', action: 'DescribeStream' });
      expect((error as Error).message).toContain(`DescribeStream: StreamDescription.Shards: shard ${loop.split(' ')[0]!} descends from itself (${loop})`);
      expect(requests.filter((line) => !line.includes('DescribeTable'))).toEqual(['1 DescribeStream all']);
    }
  });

  it('lists every shard instead when the endpoint refuses ShardFilter', () => {
    const requests: string[] = [];
    const emitted: string[] = [];
    const scheduler = marbleScheduler();
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      const shards = [
        { shardId: 'A', closed: true, batches: [[insert('k', '1')]] },
        { shardId: 'B', parentShardId: 'A', batches: [[insert('k', '2')]] },
      ];
      serveStream(fake, 'Orders', shards, {
        timing: logged(scheduler, requests),
        intercept: (call) => (call.action === 'DescribeStream' && call.body['ShardFilter'] !== undefined ? errorResponseOf('ValidationException') : undefined),
      });
      const subscription = fake.client().changes('Orders', { startAt: 'TRIM_HORIZON' }).pipe(records()).subscribe((r) => emitted.push(r.sequenceNumber));
      scheduler.schedule(() => subscription.unsubscribe(), 700);
    });
    expect(emitted).toEqual(['1', '2']);
    expect(requests.slice(5)).toEqual(['204 DescribeStream children of A', '205 DescribeStream all', '206 GetShardIterator B TRIM_HORIZON', '207 GetRecords B#0', '407 GetRecords B#1']);
  });

  it('pages DescribeStream to its end: 250 shards are all read', () => {
    const shards = Array.from({ length: 250 }, (_, index) => ({ shardId: `shard-${String(index).padStart(3, '0')}`, batches: [[insert(`k${index}`, String(index + 1))]] }));
    const { emitted, requests } = run(shards, { startAt: 'TRIM_HORIZON', maxShardConcurrency: 250 }, 100);
    expect(requests.slice(0, 4)).toEqual(['0 DescribeTable Orders', '1 DescribeStream all', '2 DescribeStream all after shard-099', '3 DescribeStream all after shard-199']);
    expect(new Set(emitted.map((line) => line.split(' ')[1])).size).toBe(250);
  });
  it('a server that pages DescribeStream on and on with ever-new LastEvaluatedShardIds fails after MAX_DESCRIBE_PAGES pages, naming the action', () => {
    const requests: string[] = [];
    let error: unknown;
    const scheduler = marbleScheduler();
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      let page = 0;
      const endless = (call: FakeCall) => {
        if (call.action !== 'DescribeStream') return undefined;
        const shardId = `shard-${++page}`;
        // Pages on past the cap (a last page soon after it only keeps a reader without the cap from hanging this spec).
        return describeStreamResponse(streamArnOf('Orders'), [{ shardId, closed: true }], page < MAX_DESCRIBE_PAGES + 5 ? { lastEvaluatedShardId: shardId } : {});
      };
      serveStream(fake, 'Orders', [], { timing: logged(scheduler, requests), intercept: endless });
      const subscription = fake.client().changes('Orders', { startAt: 'TRIM_HORIZON' }).subscribe({ error: (e: unknown) => (error = e) });
      scheduler.schedule(() => subscription.unsubscribe(), MAX_DESCRIBE_PAGES + 1000);
    });
    expect(error).toMatchObject({ name: 'MalformedResponseError', action: 'DescribeStream' });
    expect((error as Error).message).toBe(`DescribeStream: StreamDescription.LastEvaluatedShardId: still another page after ${MAX_DESCRIBE_PAGES} pages (${MAX_DESCRIBE_PAGES * 100} shards), far more than any stream has: stopping instead of paging forever`);
    expect(requests.filter((line) => line.includes('DescribeStream'))).toHaveLength(MAX_DESCRIBE_PAGES);
  });
});

function errorResponseOf(code: string) {
  return { statusCode: 400, headers: {}, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message: code }) };
}

describe('changes: the client’s slots and cancellation', () => {
  it('holds no maxConcurrency slot while a shard waits out its poll interval', () => {
    const scheduler = marbleScheduler();
    const loads: unknown[] = [];
    const items: unknown[] = [];
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      serveStream(fake, 'Orders', [{ shardId: 's1', batches: [] }], { timing: logged(scheduler, []) });
      fake.when('GetItem', () => timer(1).pipe(map(() => ({ statusCode: 200, headers: {}, body: JSON.stringify({ Item: { pk: { S: 'p' } } }) }))));
      const db = fake.client({ maxConcurrency: 1 });
      const subscription = db.changes('Orders').subscribe();
      scheduler.schedule(() => {
        loads.push(db.load);
        db.getItem('Other', { pk: 'p' }).subscribe((item) => items.push([scheduler.now(), item]));
      }, 500);
      scheduler.schedule(() => subscription.unsubscribe(), 2000);
    });
    expect(loads).toEqual([{ inFlight: 0, queued: 0 }]);
    expect(items).toEqual([[501, { pk: 'p' }]]);
  });

  it('unsubscribing aborts the request in flight and leaves no request, timer or slot behind', () => {
    const scheduler = marbleScheduler();
    const fake = new FakeDynamoDB();
    let db!: ReturnType<FakeDynamoDB['client']>;
    let subscription!: Subscription;
    scheduler.run(() => {
      serveStream(fake, 'Orders', [{ shardId: 's1', batches: [[insert('a', '1')]] }], { timing: logged(scheduler, [], 10) });
      db = fake.client();
      subscription = db.changes('Orders', { startAt: 'TRIM_HORIZON' }).subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 35);
    });
    expect(fake.calls.map((call) => `${call.action}${call.cancelled ? ' (aborted)' : ''}`)).toEqual(['DescribeTable', 'DescribeStream', 'GetShardIterator', 'GetRecords (aborted)']);
    expect(db.load).toEqual({ inFlight: 0, queued: 0 });
  });

  it('a subscriber that stops in its next (take) sends nothing more, even when the read took 200 ms or more (the next would start at once)', () => {
    const scheduler = marbleScheduler();
    const fake = new FakeDynamoDB();
    let db!: ReturnType<FakeDynamoDB['client']>;
    scheduler.run(() => {
      serveStream(fake, 'Orders', [{ shardId: 's1', batches: [[insert('a', '1')], [insert('a', '2')]] }], { timing: logged(scheduler, [], 250) });
      db = fake.client();
      db.changes('Orders', { startAt: 'TRIM_HORIZON' }).pipe(take(1)).subscribe();
    });
    expect(fake.calls.map((call) => `${call.action}${call.cancelled ? ' (aborted)' : ''}`)).toEqual(['DescribeTable', 'DescribeStream', 'GetShardIterator', 'GetRecords']);
    expect(db.load).toEqual({ inFlight: 0, queued: 0 });
  });

  /** The most stream requests in flight at once while 5 idle shards are read, and the iterators read. */
  function mostInFlight(clientOptions: object, changesOptions: object): { most: number; read: string[] } {
    const scheduler = marbleScheduler();
    let inFlight = 0;
    let most = 0;
    const read = new Set<string>();
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      const shards = ['s1', 's2', 's3', 's4', 's5'].map((shardId) => ({ shardId, batches: [] }));
      serveStream(fake, 'Orders', shards, {
        timing: (response, call) => {
          if (call.action === 'GetRecords') read.add(String(call.body['ShardIterator']));
          if (call.action !== 'GetRecords' && call.action !== 'GetShardIterator') return response;
          most = Math.max(most, ++inFlight);
          return timer(10).pipe(
            map(() => response),
            tap({ complete: () => inFlight-- }),
          );
        },
      });
      const subscription = fake.client(clientOptions).changes('Orders', changesOptions).subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 3000);
    });
    return { most, read: [...read].sort() };
  }

  it('maxShardConcurrency bounds the stream requests in flight across shards; every shard gets its turn', () => {
    expect(mostInFlight({}, { maxShardConcurrency: 2 })).toEqual({ most: 2, read: ['s1#0', 's2#0', 's3#0', 's4#0', 's5#0'] });
    expect(mostInFlight({}, {}).most).toBe(5);
  });

  it('counts every stream request against the client’s maxConcurrency', () => {
    expect(mostInFlight({ maxConcurrency: 1 }, {})).toEqual({ most: 1, read: ['s1#0', 's2#0', 's3#0', 's4#0', 's5#0'] });
  });

  it('sends stream calls to the streams endpoint as DynamoDBStreams_20120810.<Op>, signed for service dynamodb, and retries Streams’ LimitExceededException as throttling', () => {
    const scheduler = marbleScheduler();
    const requests: string[] = [];
    const fake = new FakeDynamoDB();
    scheduler.run(() => {
      let limited = false;
      serveStream(fake, 'Orders', [{ shardId: 's1', batches: [[insert('a', '1')]] }], {
        timing: logged(scheduler, requests),
        intercept: (call) => (call.action === 'GetRecords' && !limited ? ((limited = true), errorResponseOf('LimitExceededException')) : undefined),
      });
      const subscription = fake.client({ region: 'eu-west-1' }).changes('Orders', { startAt: 'TRIM_HORIZON' }).subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 1100);
    });
    // Throttled at 3; retried after the throttling backoff (1000 ms, jitter pinned to its maximum).
    expect(requests.slice(3, 5)).toEqual(['3 GetRecords s1#0', '1004 GetRecords s1#0']);
    const [describeTable, describeStream] = fake.calls;
    expect(describeTable!.request.url).toBe('https://dynamodb.eu-west-1.amazonaws.com/');
    expect(describeTable!.request.headers['X-Amz-Target']).toBe('DynamoDB_20120810.DescribeTable');
    expect(describeStream!.request.url).toBe('https://streams.dynamodb.eu-west-1.amazonaws.com/');
    expect(describeStream!.request.headers['X-Amz-Target']).toBe('DynamoDBStreams_20120810.DescribeStream');
    expect(describeStream!.request.headers['Authorization']).toMatch(/Credential=TESTKEY\/\d{8}\/eu-west-1\/dynamodb\/aws4_request/);
  });
});

/** Runs `changesPaced` on `shards` with a handler that takes `handlerMs`; returns its log: `<time> start|end <sequence numbers>`. */
function handling(shards: ScriptedShard[], pacing: object, handlerMs: number, intercept?: (call: FakeCall) => DynamoDBResponse | undefined): string[] {
  const log: string[] = [];
  const scheduler = marbleScheduler();
  scheduler.run(() => {
    const fake = new FakeDynamoDB();
    serveStream(fake, 'Orders', shards, intercept ? { intercept } : {});
    const handler = (batch: ChangeBatch) => {
      const name = batch.records.map((r) => r.sequenceNumber).join();
      log.push(`${scheduler.now()} start ${name}`);
      return timer(handlerMs).pipe(map(() => log.push(`${scheduler.now()} end ${name}`)));
    };
    const subscription = fake.client().changesPaced('Orders', { startAt: 'TRIM_HORIZON', pacing }, handler).subscribe();
    scheduler.schedule(() => subscription.unsubscribe(), 5000);
  });
  return log;
}

describe('changesPaced', () => {
  it('reads a batch only when the handler has room: at most prefetch + concurrency batches ahead of the handled ones', () => {
    const scheduler = marbleScheduler();
    const handled: HandledChanges<string>[] = [];
    let requested = 0;
    let mostAhead = 0;
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      const batches = Array.from({ length: 10 }, (_, index) => [insert('k', String(index + 1))]);
      serveStream(fake, 'Orders', [{ shardId: 's1', closed: true, batches }], {
        timing: (response, call) => {
          if (call.action === 'GetRecords') mostAhead = Math.max(mostAhead, ++requested - handled.length);
          return timer(1).pipe(map(() => response));
        },
      });
      const slowHandler = (batch: ChangeBatch) => timer(1000).pipe(map(() => batch.records.map((r) => r.sequenceNumber).join()));
      const subscription = fake
        .client()
        .changesPaced('Orders', { startAt: 'TRIM_HORIZON', pacing: { prefetch: 1, concurrency: 1 } }, slowHandler)
        .subscribe((done) => handled.push(done));
      scheduler.schedule(() => subscription.unsubscribe(), 12_000);
    });
    expect(mostAhead).toBe(2);
    expect(handled.map((done) => done.results)).toEqual(Array.from({ length: 10 }, (_, index) => [String(index + 1)]));
    expect(handled.map((done) => done.checkpoint.shards['s1'])).toEqual(Array.from({ length: 10 }, (_, index) => String(index + 1)));
  });

  it('behind a slow handler, a shard whose iterator expired while it waited for room reads right after the new one: no reader gives up', () => {
    const FIFTEEN_MINUTES = 15 * 60_000;
    const scheduler = marbleScheduler();
    const handled: string[] = [];
    let error: unknown;
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      const shards = Array.from({ length: 8 }, (_, s) => ({ shardId: `s${s}`, batches: Array.from({ length: 4 }, (_, i) => [insert(`k${s}`, String(i + 1))]) }));
      // Iterators expire 15 minutes after they were given out, as DynamoDB Streams' do.
      const givenAt = new Map<string, number>();
      serveStream(fake, 'Orders', shards, {
        intercept: (call) => (call.action === 'GetRecords' && scheduler.now() - givenAt.get(String(call.body['ShardIterator']))! > FIFTEEN_MINUTES ? errorResponse('ExpiredIteratorException', 'Iterator expired.') : undefined),
        timing: (response) => {
          const body = JSON.parse(response.body) as { ShardIterator?: string; NextShardIterator?: string };
          const iterator = body.ShardIterator ?? body.NextShardIterator;
          if (iterator !== undefined) givenAt.set(iterator, scheduler.now());
          return timer(1).pipe(map(() => response));
        },
      });
      const sevenMinutes = (batch: ChangeBatch) => timer(7 * 60_000).pipe(map(() => `${batch.shardId} ${batch.records[0]!.sequenceNumber}`));
      const subscription = fake
        .client()
        .changesPaced('Orders', { startAt: 'TRIM_HORIZON', pacing: { prefetch: 1 } }, sevenMinutes)
        .subscribe({ next: (done) => handled.push(...done.results), error: (e: unknown) => (error = e) });
      scheduler.schedule(() => subscription.unsubscribe(), 5 * 3600_000);
    });
    expect(error).toBeUndefined();
    expect(handled).toHaveLength(32);
    for (let s = 0; s < 8; s++) expect(handled.filter((line) => line.startsWith(`s${s} `))).toEqual(['1', '2', '3', '4'].map((n) => `s${s} ${n}`));
  });

  it('gives back the room a failed read kept when the shard then turns out gone, so other shards go on', () => {
    const scheduler = marbleScheduler();
    const handled: string[] = [];
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      // s1 is closed: only a closed shard ages out (GetShardIterator not finding an open one means the stream is gone).
      const shards = [
        { shardId: 's1', closed: true, batches: [[insert('a', '1')]] },
        { shardId: 's2', batches: [[insert('b', '1')]] },
      ];
      const intercept = (call: FakeCall) => {
        if (call.action === 'GetRecords' && call.body['ShardIterator'] === 's1#0') return errorResponse('ExpiredIteratorException', 'Iterator expired.');
        const reopening = call.action === 'GetShardIterator' && call.body['ShardId'] === 's1' && fake.calls.filter((c) => c.action === 'GetShardIterator' && c.body['ShardId'] === 's1').length > 1;
        return reopening ? errorResponse('ResourceNotFoundException', 'Shard does not exist') : undefined;
      };
      serveStream(fake, 'Orders', shards, { timing: logged(scheduler, []), intercept });
      const subscription = fake
        .client()
        .changesPaced('Orders', { startAt: 'TRIM_HORIZON', pacing: { prefetch: 0 }, maxShardConcurrency: 1 }, (batch: ChangeBatch) => timer(10).pipe(map(() => batch.shardId)))
        .subscribe((done) => handled.push(...done.results));
      scheduler.schedule(() => subscription.unsubscribe(), 2000);
    });
    expect(handled).toEqual(['s2']);
  });

  it('handles a child’s batches after its parent’s even when the parent dropped out of the listing before the child was read', () => {
    const shards = [
      { shardId: 'P', closed: true, batches: [[insert('k', '1')], [insert('k', '2')]] },
      { shardId: 'C', parentShardId: 'P', batches: [[insert('k', '3')]] },
    ];
    // The endpoint refuses ShardFilter, so P's end lists every shard again: P is no longer listed (trimmed away).
    let listings = 0;
    const intercept = (call: FakeCall) => {
      if (call.action !== 'DescribeStream') return undefined;
      if (call.body['ShardFilter'] !== undefined) return errorResponseOf('ValidationException');
      return ++listings === 1 ? undefined : describeStreamResponse(streamArnOf('Orders'), [shards[1]!]);
    };
    const log = handling(shards, { prefetch: 2, concurrency: 2 }, 1000, intercept);
    expect(log.filter((line) => line.includes('start'))).toEqual(['0 start 1', '1000 start 2', '2000 start 3']);
  });

  it('a disabled stream’s StreamDisabledError comes once every batch was handled, its checkpoint theirs; other failures at once', () => {
    const shards = [{ shardId: 's1', closed: true, batches: [[insert('a', '1')], [insert('a', '2')]] }];
    const disabled = (call: FakeCall) => (call.action === 'DescribeStream' ? describeStreamResponse(streamArnOf('Orders'), call.body['ShardFilter'] ? [] : shards, { status: 'DISABLED' }) : undefined);
    const failing = (call: FakeCall) => (call.action === 'GetRecords' && call.body['ShardIterator'] === 's1#1' ? errorResponseOf('ValidationException') : undefined);
    const outcome = (intercept: (call: FakeCall) => DynamoDBResponse | undefined): string[] => {
      const log: string[] = [];
      const scheduler = marbleScheduler();
      scheduler.run(() => {
        const fake = new FakeDynamoDB();
        serveStream(fake, 'Orders', shards, { timing: logged(scheduler, []), intercept });
        const slowHandler = (batch: ChangeBatch) => timer(1000).pipe(map(() => batch.records[0]!.sequenceNumber));
        fake
          .client()
          .changesPaced('Orders', { startAt: 'TRIM_HORIZON', pacing: { prefetch: 2 } }, slowHandler)
          .subscribe({
            next: (done) => log.push(`${scheduler.now()} handled ${done.results.join()} ${JSON.stringify(done.checkpoint.shards)}`),
            error: (error: { name: string; checkpoint?: StreamCheckpoint }) => log.push(`${scheduler.now()} ${error.name} ${JSON.stringify(error.checkpoint?.shards)}`),
          });
      });
      return log;
    };
    expect(outcome(disabled)).toEqual(['1004 handled 1 {"s1":"1"}', '2004 handled 2 {"s1":"2"}', '2004 StreamDisabledError {"s1":"DONE"}']);
    expect(outcome(failing)).toEqual(['204 ValidationException undefined']); // the second read fails: its handler of batch 1 is cut short
  });

  it('handles batches of independent shards at once, and a shard’s batches (and its children’s) one after the other', () => {
    const shards = [
      { shardId: 'A', closed: true, batches: [[insert('k', '1')], [insert('k', '2')]] },
      { shardId: 'B', parentShardId: 'A', batches: [[insert('k', '3')]] },
      { shardId: 'D', batches: [[insert('j', '10')], [insert('j', '11')]] },
    ];
    const log = handling(shards, { prefetch: 4, concurrency: 4 }, 700);
    const order = (name: string) => log.indexOf(name);
    // A and D at once; A's second batch only after its first, B (A's child) only after A's last.
    expect(log.slice(0, 2)).toEqual(['0 start 1', '0 start 10']);
    expect(order('700 end 1')).toBeLessThan(order('700 start 2'));
    expect(order('700 end 10')).toBeLessThan(order('700 start 11'));
    expect(log).toContain('1400 start 3');
    expect(order('1400 end 2')).toBeLessThan(order('1400 start 3'));
  });
});

describe('changes: records', () => {
  it('marks a REMOVE made by time to live (user identity: the DynamoDB service) as byTtl, and only that', () => {
    const emitted: [string, boolean][] = [];
    const scheduler = marbleScheduler();
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      const remove = (key: string, sequenceNumber: string, byTtl: boolean) => ({ eventName: 'REMOVE' as const, keys: { pk: key }, oldImage: { pk: key }, sequenceNumber, byTtl });
      serveStream(fake, 'Sessions', [{ shardId: 's1', batches: [[remove('expired', '1', true), remove('deleted', '2', false), insert('new', '3')]] }]);
      const subscription = fake.client().changes('Sessions', { startAt: 'TRIM_HORIZON' }).pipe(records()).subscribe((r) => emitted.push([String(r.keys['pk']), r.byTtl]));
      scheduler.schedule(() => subscription.unsubscribe(), 10);
    });
    expect(emitted).toEqual([['expired', true], ['deleted', false], ['new', false]]);
  });
});

describe('changes: onPositioned', () => {
  /** Runs `db.changes` with an `onPositioned` that logs its time among the requests. */
  function positioned(shards: ScriptedShard[], options: object, intercept: (call: FakeCall) => DynamoDBResponse | undefined = () => undefined): { requests: string[]; error: unknown } {
    const requests: string[] = [];
    let error: unknown;
    const scheduler = marbleScheduler();
    scheduler.run(() => {
      const fake = new FakeDynamoDB();
      serveStream(fake, 'Orders', shards, { timing: logged(scheduler, requests), intercept });
      const onPositioned = () => requests.push(`${scheduler.now()} positioned`);
      const subscription = fake
        .client()
        .changes('Orders', { ...options, onPositioned })
        .subscribe({ error: (e: unknown) => (error = e) });
      scheduler.schedule(() => subscription.unsubscribe(), 1500);
    });
    return { requests, error };
  }

  it('a LATEST start: once every open shard has its LATEST iterator (not a closed one, nor a child of an open one), and only once', () => {
    const shards = [
      { shardId: 'old', closed: true, batches: [[insert('x', '1')]] },
      { shardId: 's1', parentShardId: 'old', batches: [] },
      { shardId: 's2', batches: [] },
      { shardId: 's3', parentShardId: 's2', batches: [] },
    ];
    // One stream request at a time: s2's iterator comes a frame after s1's; s1's iterator expires once, unread.
    const expiredOnce = once((call) => call.action === 'GetRecords', errorResponse('ExpiredIteratorException', 'Iterator expired.'));
    const { requests, error } = positioned(shards, { maxShardConcurrency: 1 }, expiredOnce);
    expect(error).toBeUndefined();
    expect(requests.slice(0, 7)).toEqual([
      '0 DescribeTable Orders',
      '1 DescribeStream all',
      '2 GetShardIterator s1 LATEST',
      '3 GetShardIterator s2 LATEST',
      '4 GetRecords s1#0', // s2's iterator came, and freed the slot s1's read waited for
      '4 positioned', // every change from now on will be read
      '5 GetRecords s2#0',
    ]);
    expect(requests.filter((line) => line.endsWith('positioned'))).toHaveLength(1);
    expect(requests).toContain('6 GetShardIterator s1 TRIM_HORIZON');
  });

  it('TRIM_HORIZON, a checkpoint, or a stream with no open shard: once the shards were first listed', () => {
    const shards = [{ shardId: 's1', batches: [[insert('a', '1')]] }];
    expect(positioned(shards, { startAt: 'TRIM_HORIZON' }).requests.slice(1, 4)).toEqual(['1 DescribeStream all', '2 GetShardIterator s1 TRIM_HORIZON', '2 positioned']);
    const checkpoint = { streamArn: streamArnOf('Orders'), shards: { s1: '1' } };
    expect(positioned(shards, { startAt: checkpoint }).requests.slice(0, 3)).toEqual(['0 DescribeStream all', '1 GetShardIterator s1 AFTER_SEQUENCE_NUMBER 1', '1 positioned']);
    expect(positioned([{ shardId: 'done', closed: true, batches: [] }], {}).requests.slice(1, 3)).toEqual(['1 DescribeStream all', '2 positioned']);
  });

  it('a callback that unsubscribes sends nothing more, even with a listing queued behind the first (which took over a minute)', () => {
    const scheduler = marbleScheduler();
    const fake = new FakeDynamoDB();
    let db!: ReturnType<FakeDynamoDB['client']>;
    scheduler.run(() => {
      const slowFirstListing = (response: DynamoDBResponse, call: FakeCall) => timer(call.action === 'DescribeStream' && fake.calls.filter((c) => c.action === 'DescribeStream').length === 1 ? 61_000 : 1).pipe(map(() => response));
      serveStream(fake, 'Orders', [{ shardId: 's1', batches: [] }], { timing: slowFirstListing });
      db = fake.client({ timeoutMs: 120_000 });
      const subscription: Subscription = db.changes('Orders', { startAt: 'TRIM_HORIZON', onPositioned: () => subscription.unsubscribe() }).subscribe();
    });
    expect(fake.calls.map((call) => `${call.action}${call.cancelled ? ' (aborted)' : ''}`)).toEqual(['DescribeTable', 'DescribeStream', 'GetShardIterator (aborted)']);
    expect(db.load).toEqual({ inFlight: 0, queued: 0 });
  });

  it('a callback that throws fails the subscription with its error, and nothing more is sent', () => {
    const scheduler = marbleScheduler();
    const failure = new Error('not ready');
    const fake = new FakeDynamoDB();
    let error: unknown;
    scheduler.run(() => {
      serveStream(fake, 'Orders', [{ shardId: 's1', batches: [] }]);
      const onPositioned = () => {
        throw failure;
      };
      fake.client().changes('Orders', { onPositioned }).subscribe({ error: (e: unknown) => (error = e) });
    });
    expect(error).toBe(failure);
    expect(fake.calls.map((call) => call.action)).toEqual(['DescribeTable', 'DescribeStream', 'GetShardIterator']);
  });

  it('an async callback that rejects fails the subscription with its error (not an unhandled rejection)', async () => {
    const failure = new Error('not ready');
    const fake = new FakeDynamoDB();
    serveStream(fake, 'Orders', [{ shardId: 's1', batches: [] }]);
    const changes = fake.client().changes('Orders', { onPositioned: () => Promise.reject(failure) });
    expect(await firstValueFrom(changes.pipe(timeout(2000))).catch((e: unknown) => e)).toBe(failure);
  });

  it('is checked: a function or nothing', async () => {
    const error = await firstValueFrom(new FakeDynamoDB().client().changes('Orders', { onPositioned: 'ready' as never })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'InvalidParameterError', parameter: 'options.onPositioned' });
    expect((error as Error).message).toMatch(/must be a function, got a string/);
  });
});
