import { describe, expect, it } from 'vitest';
import type { ChangeBatch, StreamCheckpoint } from '../../src/index.js';
import { describeStreamResponse, FakeDynamoDB, serveStream, streamArnOf, type FakeCall, type ScriptedShard } from '../../src/testing/index.js';
import type { DynamoDBResponse } from '../../src/http/types.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { insert, logged } from './support.js';

// Checkpoints in virtual time: what they hold, exact resumes after a JSON round trip, and their size.

const ARN = streamArnOf('Orders');

function collect(shards: ScriptedShard[], options: object, until: number, intercept?: (call: FakeCall) => DynamoDBResponse | undefined): { batches: ChangeBatch[]; requests: string[] } {
  const batches: ChangeBatch[] = [];
  const requests: string[] = [];
  const scheduler = marbleScheduler();
  scheduler.run(() => {
    const fake = new FakeDynamoDB();
    serveStream(fake, 'Orders', shards, { timing: logged(scheduler, requests), ...(intercept ? { intercept } : {}) });
    const subscription = fake.client().changes('Orders', options).subscribe((batch) => batches.push(batch));
    scheduler.schedule(() => subscription.unsubscribe(), until);
  });
  return { batches, requests };
}

const shards: ScriptedShard[] = [
  { shardId: 'A', closed: true, batches: [[insert('k', '1')], [insert('k', '2'), insert('k', '3')]] },
  { shardId: 'B', parentShardId: 'A', batches: [[insert('k', '4')]] },
  { shardId: 'D', batches: [[insert('j', '10')], [], [insert('j', '11')]] },
];

describe('checkpoints', () => {
  const { batches } = collect(shards, { startAt: 'TRIM_HORIZON' }, 3000);

  it('each batch holds the position after it and every batch before it, in every shard', () => {
    expect(batches.map((batch) => [batch.shardId, batch.records.map((r) => r.sequenceNumber), batch.checkpoint])).toEqual([
      ['A', ['1'], { streamArn: ARN, shards: { A: '1', B: 'TRIM_HORIZON', D: 'TRIM_HORIZON' } }],
      ['D', ['10'], { streamArn: ARN, shards: { A: '1', B: 'TRIM_HORIZON', D: '10' } }],
      ['A', ['2', '3'], { streamArn: ARN, shards: { A: '3', B: 'TRIM_HORIZON', D: '10' } }],
      ['B', ['4'], { streamArn: ARN, shards: { A: 'DONE', B: '4', D: '10' } }],
      ['D', ['11'], { streamArn: ARN, shards: { A: 'DONE', B: '4', D: '11' } }],
    ]);
  });

  it('resuming from any of them, after a JSON round trip, emits exactly the changes after it', () => {
    const all = batches.flatMap((batch) => batch.records.map((r) => `${r.shardId} ${r.sequenceNumber}`));
    batches.forEach((batch, index) => {
      const saved = JSON.parse(JSON.stringify(batch.checkpoint)) as StreamCheckpoint;
      const resumed = collect(shards, { startAt: saved }, 3000).batches.flatMap((b) => b.records.map((r) => `${r.shardId} ${r.sequenceNumber}`));
      const emittedBefore = new Set(batches.slice(0, index + 1).flatMap((b) => b.records.map((r) => `${r.shardId} ${r.sequenceNumber}`)));
      expect(resumed.sort()).toEqual(all.filter((record) => !emittedBefore.has(record)).sort());
    });
  });

  it('resumes each shard where it stood: after its last record, not at all when done, from the oldest when nothing was emitted', () => {
    const { requests } = collect(shards, { startAt: batches[2]!.checkpoint }, 100);
    expect(requests.filter((line) => line.includes('GetShardIterator'))).toEqual([
      '1 GetShardIterator A AFTER_SEQUENCE_NUMBER 3',
      '1 GetShardIterator D AFTER_SEQUENCE_NUMBER 10',
      '4 GetShardIterator B TRIM_HORIZON', // once A is read to its end
    ]);
    const later = collect(shards, { startAt: batches[4]!.checkpoint }, 100).requests;
    expect(later.filter((line) => line.includes('GetShardIterator'))).toEqual(['1 GetShardIterator B AFTER_SEQUENCE_NUMBER 4', '1 GetShardIterator D AFTER_SEQUENCE_NUMBER 11']);
    expect(later[0]).toBe('0 DescribeStream all'); // a checkpoint names its stream: no DescribeTable
  });

  it('leaves out shards read to their end once DynamoDB no longer lists them (two listings in a row), so it stays small', () => {
    let listings = 0;
    // From the third full listing on, A (read to its end) is no longer listed: trimmed away after 24 hours.
    const intercept = (call: FakeCall) => {
      if (call.action !== 'DescribeStream' || call.body['ShardFilter'] !== undefined) return undefined;
      return ++listings < 3 ? undefined : describeStreamResponse(ARN, shards.filter((shard) => shard.shardId !== 'A'));
    };
    const { batches: later } = collect(
      [shards[0]!, shards[1]!, { shardId: 'D', batches: [[insert('j', '10')], ...Array.from({ length: 190 }, () => []), [insert('j', '11')]] }],
      { startAt: 'TRIM_HORIZON' },
      200_000,
      intercept,
    );
    // Listings at 1 ms, 60 s, 120 s, 180 s: A is left out at 120 s and 180 s, then forgotten; D's record 11 comes at about 190 s.
    expect(later.at(-1)!.checkpoint.shards).toEqual({ B: '4', D: '11' });
  });
});
