import { BehaviorSubject, filter, firstValueFrom, timeout, type Observable } from 'rxjs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type ChangeBatch, type ChangeRecord, type ChangesOptions, type StreamCheckpoint } from '../../src/index.js';
import { localClient } from '../support/local-client.js';
import { streamsStandIn, type StreamsStandIn } from '../support/streams-stand-in.js';

// What DynamoDB Local will not do on demand, on a scripted DynamoDB Streams stand-in over HTTP: splits
// three generations deep, hundreds of shards, expired iterators, trimmed changes, closed shards, an
// endpoint without ShardFilter, a stream turned off mid-read.

type Row = { pk: string; n: number };
const FAST = { pollIntervalMs: 20 } as const;

/** A running `changes` subscription: the records so far, and waits on them. */
interface Reader {
  readonly records: ChangeRecord<Row>[];
  readonly batches: ChangeBatch<Row>[];
  /** Resolves once `count` records came (fails after 20 s). */
  upTo(count: number): Promise<void>;
  /** Resolves with the stream's error (fails after 20 s). */
  failure(): Promise<unknown>;
}

function read(stream: StreamsStandIn, options: ChangesOptions): Reader {
  const db = localClient(stream.endpoint, { retry: { baseDelayMs: 1 } });
  const batches: ChangeBatch<Row>[] = [];
  const got: ChangeRecord<Row>[] = [];
  const count = new BehaviorSubject(0);
  const error = new BehaviorSubject<unknown>(undefined);
  const subscription = db.changes<Row>(stream.table, options).subscribe({
    next: (batch) => {
      batches.push(batch);
      got.push(...batch.records);
      count.next(got.length);
    },
    error: (e: unknown) => error.next(e),
  });
  onTestFinished(() => subscription.unsubscribe());
  const within = <T>(source: Observable<T>) => firstValueFrom(source.pipe(timeout(20_000)));
  return {
    records: got,
    batches,
    upTo: async (n) => void (await within(count.pipe(filter((c) => c >= n)))),
    failure: () => within(error.pipe(filter((e) => e !== undefined))),
  };
}

const byKey = (rows: ChangeRecord<Row>[], key: string) => rows.filter((r) => r.keys['pk'] === key).map((r) => r.newImage!.n);

describe('changes on a scripted DynamoDB Streams stand-in', () => {
  it('follows splits three generations deep while reading: each key in order, every change once, a child only after its parent’s end', async () => {
    const stream = await streamsStandIn('Orders');
    stream.addShard('R');
    for (const n of [1, 2, 3]) stream.write('R', 'a', n);
    stream.write('R', 'b', 1);
    const reader = read(stream, { startAt: 'TRIM_HORIZON', ...FAST });
    await reader.upTo(4);
    stream.split('R', ['C1', 'C2']);
    stream.write('C1', 'a', 4);
    stream.write('C1', 'a', 5);
    stream.write('C2', 'b', 2);
    stream.split('C1', ['G1']);
    stream.write('G1', 'a', 6);
    stream.split('G1', ['GG1']);
    stream.write('GG1', 'a', 7);
    stream.write('C2', 'b', 3);
    await reader.upTo(10);
    stream.write('GG1', 'a', 8);
    await reader.upTo(11);
    expect(byKey(reader.records, 'a')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(byKey(reader.records, 'b')).toEqual([1, 2, 3]);
    expect(reader.records).toHaveLength(11);
    // Each child's first GetShardIterator comes after its parent's last GetRecords.
    const lastRead = (shard: string) => stream.requests.map((line) => line.startsWith(`GetRecords ${shard} `)).lastIndexOf(true);
    const firstIterator = (shard: string) => stream.requests.findIndex((line) => line.startsWith(`GetShardIterator ${shard} `));
    for (const [parent, child] of [['R', 'C1'], ['R', 'C2'], ['C1', 'G1'], ['G1', 'GG1']] as const) expect(lastRead(parent)).toBeLessThan(firstIterator(child));
    expect(stream.requests).toContain('DescribeStream children of R');
  });

  it('reads 260 shards: DescribeStream paged to its end', async () => {
    const stream = await streamsStandIn('Orders');
    const ids = Array.from({ length: 260 }, (_, index) => `s${String(index).padStart(3, '0')}`);
    for (const id of ids) {
      stream.addShard(id);
      stream.write(id, id, 1);
    }
    const reader = read(stream, { startAt: 'TRIM_HORIZON', maxShardConcurrency: 64, ...FAST });
    await reader.upTo(260);
    expect(new Set(reader.records.map((r) => r.shardId))).toEqual(new Set(ids));
    expect(stream.requests.filter((line) => line.startsWith('DescribeStream')).slice(0, 3)).toEqual(['DescribeStream all', 'DescribeStream all after s099', 'DescribeStream all after s199']);
  });

  it('replaces expired iterators after the last record emitted: nothing lost, nothing repeated', async () => {
    const stream = await streamsStandIn('Orders');
    stream.addShard('S');
    for (const n of [1, 2, 3]) stream.write('S', 'k', n);
    const reader = read(stream, { startAt: 'TRIM_HORIZON', limit: 2, ...FAST });
    await reader.upTo(3);
    stream.expireIterators();
    stream.write('S', 'k', 4);
    stream.write('S', 'k', 5);
    await reader.upTo(5);
    stream.expireIterators();
    stream.write('S', 'k', 6);
    await reader.upTo(6);
    expect(byKey(reader.records, 'k')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stream.requests.filter((line) => line.startsWith('GetShardIterator'))).toEqual([
      'GetShardIterator S TRIM_HORIZON',
      `GetShardIterator S AFTER_SEQUENCE_NUMBER ${reader.records[2]!.sequenceNumber}`,
      `GetShardIterator S AFTER_SEQUENCE_NUMBER ${reader.records[4]!.sequenceNumber}`,
    ]);
  });

  it('fails with a StreamTrimmedError when a checkpoint points into trimmed changes; skipToOldest goes on from the oldest left', async () => {
    const stream = await streamsStandIn('Orders');
    stream.addShard('S');
    for (const n of [1, 2]) stream.write('S', 'k', n);
    const first = read(stream, { startAt: 'TRIM_HORIZON', ...FAST });
    await first.upTo(2);
    const saved = JSON.parse(JSON.stringify(first.batches.at(-1)!.checkpoint)) as StreamCheckpoint;
    for (const n of [3, 4, 5]) stream.write('S', 'k', n);
    stream.trim('S', 3); // 1, 2 and 3 are gone: 3 was never read

    const failed = read(stream, { startAt: saved, ...FAST });
    expect(await failed.failure()).toMatchObject({ name: 'StreamTrimmedError', shardId: 'S', position: `after sequence number ${saved.shards['S']}` });
    expect(failed.records).toEqual([]);

    const skipping = read(stream, { startAt: saved, onTrimmed: 'skipToOldest', ...FAST });
    await skipping.upTo(2);
    expect(byKey(skipping.records, 'k')).toEqual([4, 5]);
  });

  it('fails with a StreamTrimmedError when a checkpoint’s unfinished shard aged out of the listing', async () => {
    const stream = await streamsStandIn('Orders');
    stream.addShard('old');
    stream.write('old', 'k', 1);
    const first = read(stream, { startAt: 'TRIM_HORIZON', ...FAST });
    await first.upTo(1);
    const saved = first.batches[0]!.checkpoint;
    stream.split('old', ['new']);
    stream.write('new', 'k', 2);
    stream.trim('old', 1, true);
    const resumed = read(stream, { startAt: saved, ...FAST });
    expect(await resumed.failure()).toMatchObject({ name: 'StreamTrimmedError', shardId: 'old', position: `after sequence number ${saved.shards['old']} (the shard is no longer listed)` });
  });

  it('lists every shard when the endpoint refuses ShardFilter, and still reads a closed shard’s children after it', async () => {
    const stream = await streamsStandIn('Orders', { shardFilter: false });
    stream.addShard('R');
    stream.write('R', 'k', 1);
    const reader = read(stream, { startAt: 'TRIM_HORIZON', ...FAST });
    await reader.upTo(1);
    stream.split('R', ['C']);
    stream.write('C', 'k', 2);
    await reader.upTo(2);
    stream.split('C', ['D']);
    stream.write('D', 'k', 3);
    await reader.upTo(3);
    expect(byKey(reader.records, 'k')).toEqual([1, 2, 3]);
    const describes = stream.requests.filter((line) => line.startsWith('DescribeStream'));
    // Refused once, then every shard is listed, with no further filter asked for.
    expect(describes.filter((line) => line.includes('children of'))).toEqual(['DescribeStream children of R']);
    expect(describes.length).toBeGreaterThanOrEqual(3);
  });

  it('emits every change of a stream turned off mid-read, then fails with a StreamDisabledError', async () => {
    const stream = await streamsStandIn('Orders');
    stream.addShard('A');
    stream.addShard('B');
    stream.write('A', 'a', 1);
    const reader = read(stream, { startAt: 'TRIM_HORIZON', ...FAST });
    await reader.upTo(1);
    stream.write('A', 'a', 2);
    stream.write('B', 'b', 1);
    stream.disable();
    expect(await reader.failure()).toMatchObject({ name: 'StreamDisabledError', checkpoint: { streamArn: stream.streamArn, shards: { A: 'DONE', B: 'DONE' } } });
    expect(byKey(reader.records, 'a')).toEqual([1, 2]);
    expect(byKey(reader.records, 'b')).toEqual([1]);
  });

  it('LATEST on 50 shards read 4 requests at a time: onPositioned comes once each has its iterator, and every write from then on is read', async () => {
    const stream = await streamsStandIn('Orders');
    const ids = Array.from({ length: 50 }, (_, index) => `s${String(index).padStart(2, '0')}`);
    for (const id of ids) {
      stream.addShard(id);
      stream.write(id, 'before', 1);
    }
    let iteratorsAtPositioned = -1;
    const onPositioned = () => {
      iteratorsAtPositioned = stream.requests.filter((line) => line.startsWith('GetShardIterator')).length;
      for (const id of ids) stream.write(id, id, 2);
    };
    const reader = read(stream, { maxShardConcurrency: 4, onPositioned, ...FAST });
    await reader.upTo(50);
    expect(iteratorsAtPositioned).toBe(50);
    expect(reader.records.map((r) => r.keys['pk']).sort()).toEqual(ids);
  });

  it('marks a REMOVE made by time to live (userIdentity Type Service, PrincipalId dynamodb.amazonaws.com) with byTtl, and only that one', async () => {
    const stream = await streamsStandIn('Sessions');
    stream.addShard('S');
    stream.write('S', 'a', 1);
    stream.write('S', 'b', 1);
    stream.remove('S', 'a', 'by a caller');
    stream.remove('S', 'b', 'by TTL');
    const reader = read(stream, { startAt: 'TRIM_HORIZON', ...FAST });
    await reader.upTo(4);
    expect(reader.records.map((r) => [r.eventName, r.keys['pk'], r.byTtl])).toEqual([
      ['INSERT', 'a', false],
      ['INSERT', 'b', false],
      ['REMOVE', 'a', false],
      ['REMOVE', 'b', true],
    ]);
  });
});
