import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { records } from '../../src/index.js';
import { describeStreamResponse, errorResponse, FakeDynamoDB, okResponse, recordsResponse, serveStream, shardIteratorResponse, streamArnOf, type FakeCall, type ScriptedShard } from '../../src/testing/index.js';
import type { DynamoDBResponse } from '../../src/http/types.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { insert, logged, once } from './support.js';

// Iterators that expire, changes trimmed away, streams disabled: in virtual time, on rx-dynamodb/testing's scripted stream.

interface Outcome {
  emitted: string[];
  requests: string[];
  error: unknown;
}

/** Reads `shards` with `options` until `until` (or a failure), answering the calls `intercept` picks itself. */
function read(shards: ScriptedShard[], options: object, intercept: (call: FakeCall) => DynamoDBResponse | undefined, until = 3000): Outcome {
  const outcome: Outcome = { emitted: [], requests: [], error: undefined };
  const scheduler = marbleScheduler();
  scheduler.run(() => {
    const fake = new FakeDynamoDB();
    serveStream(fake, 'Orders', shards, { timing: logged(scheduler, outcome.requests), intercept });
    const subscription = fake
      .client()
      .changes('Orders', options)
      .pipe(records())
      .subscribe({ next: (r) => outcome.emitted.push(`${r.shardId} ${r.sequenceNumber}`), error: (error: unknown) => (outcome.error = error) });
    scheduler.schedule(() => subscription.unsubscribe(), until);
  });
  return outcome;
}

const readsAt = (iterator: string) => (call: FakeCall) => call.action === 'GetRecords' && call.body['ShardIterator'] === iterator;
const expired = errorResponse('ExpiredIteratorException', 'Iterator expired. The iterator was created at time ...');
const trimmed = errorResponse('TrimmedDataAccessException', 'The operation attempted to read past the oldest stream record in a shard.');
const threeBatches = [{ shardId: 's1', batches: [[insert('a', '1')], [insert('a', '2')], [insert('a', '3')]] }];

describe('changes: expired iterators', () => {
  it('takes a new iterator after the last record emitted: nothing lost, nothing repeated', () => {
    const { emitted, requests, error } = read(threeBatches, { startAt: 'TRIM_HORIZON' }, once(readsAt('s1#1'), expired));
    expect(error).toBeUndefined();
    expect(emitted).toEqual(['s1 1', 's1 2', 's1 3']);
    expect(requests.slice(2, 7)).toEqual(['2 GetShardIterator s1 TRIM_HORIZON', '3 GetRecords s1#0', '203 GetRecords s1#1', '204 GetShardIterator s1 AFTER_SEQUENCE_NUMBER 1', '205 GetRecords s1#1']);
  });

  it('with nothing emitted yet, starts again where it started; a LATEST start then from the oldest record, so that nothing is lost', () => {
    const fromCheckpoint = read(threeBatches, { startAt: { streamArn: streamArnOf('Orders'), shards: { s1: '2' } } }, once(readsAt('s1#2'), expired));
    expect(fromCheckpoint.emitted).toEqual(['s1 3']);
    expect(fromCheckpoint.requests.slice(1, 5)).toEqual(['1 GetShardIterator s1 AFTER_SEQUENCE_NUMBER 2', '2 GetRecords s1#2', '3 GetShardIterator s1 AFTER_SEQUENCE_NUMBER 2', '4 GetRecords s1#2']);

    const fromLatest = read(threeBatches, {}, once(readsAt('s1#3'), expired));
    expect(fromLatest.requests.slice(2, 5)).toEqual(['2 GetShardIterator s1 LATEST', '3 GetRecords s1#3', '4 GetShardIterator s1 TRIM_HORIZON']);
  });

  it('gives up when iterators keep expiring without a read in between', () => {
    const { error, requests } = read(threeBatches, { startAt: 'TRIM_HORIZON' }, (call) => (call.action === 'GetRecords' ? expired : undefined));
    expect(error).toMatchObject({ name: 'ExpiredIteratorException', action: 'GetRecords' });
    expect(requests.filter((line) => line.includes('GetShardIterator'))).toHaveLength(4);
  });
});

describe('changes: trimmed changes', () => {
  it('fails with a StreamTrimmedError naming the shard and the position, the service error as cause', () => {
    const { emitted, error } = read(threeBatches, { startAt: 'TRIM_HORIZON' }, once(readsAt('s1#1'), trimmed));
    expect(emitted).toEqual(['s1 1']);
    expect(error).toMatchObject({
      name: 'StreamTrimmedError',
      code: 'StreamTrimmedError',
      shardId: 's1',
      position: 'after sequence number 1',
      retryable: false,
      cause: expect.objectContaining({ name: 'TrimmedDataAccessException' }),
    });
    expect((error as Error).message).toMatch(/^changes of shard s1 after sequence number 1 were trimmed .*onTrimmed: 'skipToOldest'/);
  });

  it('a checkpoint pointing into trimmed changes fails the same way at GetShardIterator', () => {
    const checkpoint = { streamArn: streamArnOf('Orders'), shards: { s1: '1' } };
    const { error } = read(threeBatches, { startAt: checkpoint }, once((call) => call.action === 'GetShardIterator', trimmed));
    expect(error).toMatchObject({ name: 'StreamTrimmedError', shardId: 's1', position: 'after sequence number 1' });
  });

  it("onTrimmed: 'skipToOldest' goes on from the oldest change still there", () => {
    // Records 1 and 2 are trimmed away once 1 was read: the oldest left is 3.
    let trimmedAway = false;
    const intercept = (call: FakeCall): DynamoDBResponse | undefined => {
      if (!trimmedAway && readsAt('s1#1')(call)) {
        trimmedAway = true;
        return trimmed;
      }
      return trimmedAway && call.action === 'GetShardIterator' ? shardIteratorResponse('s1#2') : undefined;
    };
    const { emitted, requests, error } = read(threeBatches, { startAt: 'TRIM_HORIZON', onTrimmed: 'skipToOldest' }, intercept);
    expect(error).toBeUndefined();
    expect(requests).toContain('204 GetShardIterator s1 TRIM_HORIZON');
    expect(emitted).toEqual(['s1 1', 's1 3']);
  });

  it('from the oldest record, a trim that moved on loses nothing: it reads the new oldest', () => {
    const { error, requests } = read(threeBatches, { startAt: 'TRIM_HORIZON' }, once(readsAt('s1#0'), trimmed));
    expect(error).toBeUndefined();
    expect(requests.slice(2, 6)).toEqual(['2 GetShardIterator s1 TRIM_HORIZON', '3 GetRecords s1#0', '4 GetShardIterator s1 TRIM_HORIZON', '5 GetRecords s1#0']);
  });

  describe('at a LATEST start, with nothing emitted yet', () => {
    // DynamoDB Local's LATEST iterator of an empty shard stands at the shard's StartingSequenceNumber; once other
    // tables' writes took the numbers before its first record, GetRecords answers TrimmedDataAccessException there.
    const firstChangeLater = [{ shardId: 's1', batches: [[insert('a', '5')]] }];
    const latestOfEmptyShard = (call: FakeCall): DynamoDBResponse | undefined =>
      call.action === 'GetShardIterator' && call.body['ShardIteratorType'] === 'LATEST' ? shardIteratorResponse('s1#0') : undefined;
    const dayMs = 24 * 60 * 60 * 1000;

    it('a trim within 24 hours of the start lost nothing (no change since is old enough): it reads on from the oldest record', () => {
      const trimmedOnce = once(readsAt('s1#0'), trimmed);
      const { emitted, requests, error } = read(firstChangeLater, {}, (call) => latestOfEmptyShard(call) ?? trimmedOnce(call));
      expect(error).toBeUndefined();
      expect(emitted).toEqual(['s1 5']);
      expect(requests.slice(2, 6)).toEqual(['2 GetShardIterator s1 LATEST', '3 GetRecords s1#0', '4 GetShardIterator s1 TRIM_HORIZON', '5 GetRecords s1#0']);
    });

    it('a trim 24 hours or more after the start fails with a StreamTrimmedError at LATEST', () => {
      // Polls every 10 minutes, finding nothing, until a read 24 hours after the start is answered as trimmed.
      const trimmedAfterADay = (call: FakeCall): DynamoDBResponse | undefined =>
        latestOfEmptyShard(call) ?? (readsAt('s1#0')(call) ? (asyncScheduler.now() >= dayMs ? trimmed : recordsResponse([], 's1#0')) : undefined);
      const { emitted, requests, error } = read(firstChangeLater, { pollIntervalMs: 600_000 }, trimmedAfterADay, 2 * dayMs);
      expect(emitted).toEqual([]);
      expect(error).toMatchObject({ name: 'StreamTrimmedError', shardId: 's1', position: 'at LATEST' });
      expect(requests.at(-1)).toMatch(/^8640\d{4} GetRecords s1#0$/);
    });
  });

  it('a checkpoint naming a shard no longer listed (aged out before it was read to its end) fails, unless skipped', () => {
    const checkpoint = { streamArn: streamArnOf('Orders'), shards: { gone: '7', old: 'DONE', s1: 'TRIM_HORIZON' } };
    const failed = read(threeBatches, { startAt: checkpoint }, () => undefined);
    expect(failed.error).toMatchObject({ name: 'StreamTrimmedError', shardId: 'gone', position: 'after sequence number 7 (the shard is no longer listed)' });
    expect(failed.requests).toEqual(['0 DescribeStream all']);

    const skipped = read(threeBatches, { startAt: checkpoint, onTrimmed: 'skipToOldest' }, () => undefined);
    expect(skipped.error).toBeUndefined();
    expect(skipped.emitted).toEqual(['s1 1', 's1 2', 's1 3']);
  });
});

describe('changes: disabled streams and tables without one', () => {
  it('emits what a disabled stream holds, then fails with a StreamDisabledError carrying the final checkpoint', () => {
    const shards = [{ shardId: 's1', closed: true, batches: [[insert('a', '1')]] }];
    const disabled = (call: FakeCall) => (call.action === 'DescribeStream' ? describeStreamResponse(streamArnOf('Orders'), call.body['ShardFilter'] ? [] : shards, { status: 'DISABLED' }) : undefined);
    const { emitted, error } = read(shards, { startAt: 'TRIM_HORIZON' }, disabled);
    expect(emitted).toEqual(['s1 1']);
    expect(error).toMatchObject({ name: 'StreamDisabledError', streamArn: streamArnOf('Orders'), checkpoint: { streamArn: streamArnOf('Orders'), shards: { s1: 'DONE' } } });
  });

  it('a table without a stream, or with its stream disabled, fails with a NoStreamError naming the table', () => {
    for (const [table, why] of [
      [{ TableName: 'Orders', TableStatus: 'ACTIVE' }, 'has no stream'],
      [{ TableName: 'Orders', TableStatus: 'ACTIVE', LatestStreamArn: streamArnOf('Orders'), StreamSpecification: { StreamEnabled: false } }, 'has its stream disabled'],
    ] as const) {
      const { error, requests } = read([], {}, (call) => (call.action === 'DescribeTable' ? okResponse({ Table: table }) : undefined));
      expect(error).toMatchObject({ name: 'NoStreamError', table: 'Orders', retryable: false });
      expect((error as Error).message).toContain(`table Orders ${why}: enable one with updateTable`);
      expect(requests).toEqual(['0 DescribeTable Orders']);
    }
  });

  it('a table whose LatestStreamArn is not a stream ARN of it fails with a MalformedResponseError: its checkpoints could not be passed back', () => {
    for (const latest of ['S1b2c3', streamArnOf('Users')]) {
      const table = { TableName: 'Orders', TableStatus: 'ACTIVE', LatestStreamArn: latest, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } };
      const { error, requests } = read(threeBatches, { startAt: 'TRIM_HORIZON' }, (call) => (call.action === 'DescribeTable' ? okResponse({ Table: table }) : undefined));
      expect(error).toMatchObject({ name: 'MalformedResponseError', action: 'DescribeTable' });
      expect((error as Error).message).toBe(`DescribeTable: Table.LatestStreamArn: not a stream ARN of table Orders, got "${latest}"`);
      expect(requests).toEqual(['0 DescribeTable Orders']);
    }
  });

  it('an open shard GetShardIterator does not find (the stream is gone) fails with that ResourceNotFoundException; a closed one aged out ends', () => {
    const gone = (call: FakeCall) => (call.action === 'GetShardIterator' ? errorResponse('ResourceNotFoundException', 'Requested resource not found: Stream not found') : undefined);
    for (const startAt of ['TRIM_HORIZON', 'LATEST']) {
      const open = read(threeBatches, { startAt }, gone);
      expect(open.error).toMatchObject({ name: 'ResourceNotFoundException', action: 'GetShardIterator' });
      expect(open.requests.filter((line) => line.includes('GetShardIterator'))).toHaveLength(1);
    }
    const closed = read([{ ...threeBatches[0]!, closed: true }], { startAt: 'TRIM_HORIZON' }, gone);
    expect(closed.error).toBeUndefined();
    expect(closed.requests.slice(2, 4)).toEqual(['2 GetShardIterator s1 TRIM_HORIZON', '3 DescribeStream children of s1']);
  });

  it('a deleted table is DescribeTable’s ResourceNotFoundException', () => {
    const { error } = read([], {}, (call) => (call.action === 'DescribeTable' ? errorResponse('ResourceNotFoundException', 'Requested resource not found') : undefined));
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', action: 'DescribeTable' });
  });
});

/** One INSERT record as GetRecords sends it, `dynamodb` fields overridden. */
const withChange = (fields: object) => [{ eventName: 'INSERT', eventID: 'e', dynamodb: { Keys: { pk: { S: 'a' } }, SequenceNumber: '1', SizeBytes: 1, ApproximateCreationDateTime: 0, ...fields } }];

describe('changes: responses that are not DynamoDB Streams’', () => {
  it('fail with a MalformedResponseError naming the action and the path, after the request’s own retries', () => {
    const bad = (records: unknown) => (call: FakeCall) => (readsAt('s1#0')(call) ? okResponse({ Records: records, NextShardIterator: 's1#1' }) : undefined);
    const cases: [unknown, string][] = [
      [{}, 'GetRecords: Records: not a list, got an object'],
      [[{ eventName: 'INSERT', eventID: 'e', dynamodb: { Keys: { pk: { S: 'a' } }, SequenceNumber: 7, SizeBytes: 1, ApproximateCreationDateTime: 0 } }], 'GetRecords: Records[0].dynamodb.SequenceNumber: not a string, got a number'],
      [[{ eventName: 'UPSERT', eventID: 'e', dynamodb: {} }], 'GetRecords: Records[0].eventName: not INSERT, MODIFY or REMOVE, got "UPSERT"'],
      [[{ eventName: 'INSERT', eventID: 'e', dynamodb: { Keys: { pk: { Q: 'a' } }, SequenceNumber: '1', SizeBytes: 1, ApproximateCreationDateTime: 0 } }], 'GetRecords: Records[0].dynamodb.Keys.pk: unknown attribute value type "Q"'],
      [null, 'GetRecords: Records: not a list, got null'],
      // What a checkpoint could not take back as startAt.
      [withChange({ SequenceNumber: 'abc' }), 'GetRecords: Records[0].dynamodb.SequenceNumber: not a sequence number (1 to 64 digits), got "abc"'],
      [withChange({ SequenceNumber: '' }), 'GetRecords: Records[0].dynamodb.SequenceNumber: not a sequence number (1 to 64 digits), got ""'],
      [withChange({ SequenceNumber: '1'.repeat(80) }), `GetRecords: Records[0].dynamodb.SequenceNumber: not a sequence number (1 to 64 digits), got "${'1'.repeat(80)}"`],
      [withChange({ SequenceNumber: '-1' }), 'GetRecords: Records[0].dynamodb.SequenceNumber: not a sequence number (1 to 64 digits), got "-1"'],
      // What would make an Invalid Date, or a size that is no size.
      [withChange({ ApproximateCreationDateTime: 1e20 }), 'GetRecords: Records[0].dynamodb.ApproximateCreationDateTime: not a time in seconds since 1970, got 100000000000000000000'],
      [withChange({ ApproximateCreationDateTime: -1e20 }), 'GetRecords: Records[0].dynamodb.ApproximateCreationDateTime: not a time in seconds since 1970, got -100000000000000000000'],
      [withChange({ ApproximateCreationDateTime: -1 }), 'GetRecords: Records[0].dynamodb.ApproximateCreationDateTime: not a time in seconds since 1970, got -1'],
      [withChange({ SizeBytes: -1 }), 'GetRecords: Records[0].dynamodb.SizeBytes: not a count, got -1'],
      [withChange({ SizeBytes: 1.5 }), 'GetRecords: Records[0].dynamodb.SizeBytes: not a count, got 1.5'],
      // Every field's path, each joined only when something is wrong.
      [[...withChange({}), 'x'], 'GetRecords: Records[1]: not a JSON object, got a string'],
      [[{ eventName: 'INSERT', eventID: 'e', dynamodb: [] }], 'GetRecords: Records[0].dynamodb: not a JSON object, got an array'],
      [[{ eventName: 7, eventID: 'e', dynamodb: {} }], 'GetRecords: Records[0].eventName: not a string, got a number'],
      [[{ ...withChange({})[0], eventID: null }], 'GetRecords: Records[0].eventID: not a string, got null'],
      [withChange({ ApproximateCreationDateTime: '0' }), 'GetRecords: Records[0].dynamodb.ApproximateCreationDateTime: not a number, got a string'],
      [withChange({ NewImage: { n: { N: 'x' } } }), 'GetRecords: Records[0].dynamodb.NewImage.n:'],
      [withChange({ OldImage: 'x' }), 'GetRecords: Records[0].dynamodb.OldImage: expected an attribute map object'],
      [[{ ...withChange({})[0], eventName: 'REMOVE', userIdentity: 'x' }], 'GetRecords: Records[0].userIdentity: not a JSON object, got a string'],
      // Sequence numbers that do not increase within a response.
      [[...withChange({ SequenceNumber: '3' }), ...withChange({ SequenceNumber: '3' })], "GetRecords: Records[1].dynamodb.SequenceNumber: 3 is not after 3 (Records[0]): a shard's sequence numbers only increase"],
      [[...withChange({ SequenceNumber: '10' }), ...withChange({ SequenceNumber: '9' })], "GetRecords: Records[1].dynamodb.SequenceNumber: 9 is not after 10 (Records[0]): a shard's sequence numbers only increase"],
    ];
    for (const [records, message] of cases) {
      const { error, requests } = read(threeBatches, { startAt: 'TRIM_HORIZON' }, bad(records));
      expect(error).toMatchObject({ name: 'MalformedResponseError', action: 'GetRecords' });
      expect((error as Error).message).toContain(message);
      expect(requests.filter((line) => line.includes('GetRecords'))).toHaveLength(4); // the first attempt and maxRetries (3)
    }
  });

  it('take null as absent where the reference and emulators send it: a closed shard ends at a null NextShardIterator', () => {
    const shards = [
      { shardId: 'A', closed: true, batches: [[insert('k', '1')]] },
      { shardId: 'B', parentShardId: 'A', batches: [[insert('k', '2')]] },
    ];
    const listed = {
      A: { ShardId: 'A', ParentShardId: null, SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '1' } },
      B: { ShardId: 'B', ParentShardId: 'A', SequenceNumberRange: { StartingSequenceNumber: '2', EndingSequenceNumber: null } },
    };
    const listing = (children: object[]) => okResponse({ StreamDescription: { StreamArn: streamArnOf('Orders'), StreamStatus: 'ENABLED', Shards: children, LastEvaluatedShardId: null } });
    const withNulls = (call: FakeCall) => {
      if (call.action === 'DescribeStream') return listing(call.body['ShardFilter'] === undefined ? [listed.A, listed.B] : [listed.B]);
      return readsAt('A#1')(call) ? okResponse({ Records: [], NextShardIterator: null }) : undefined;
    };
    const { emitted, error, requests } = read(shards, { startAt: 'TRIM_HORIZON' }, withNulls);
    expect(error).toBeUndefined();
    expect(emitted).toEqual(['A 1', 'B 2']);
    expect(requests.filter((line) => line.includes('A#1'))).toHaveLength(1);
  });

  it('refuse a shard id a checkpoint could not take back (1 to 65 characters), when listed, before anything is read', () => {
    for (const [shardId, length] of [['s'.repeat(66), 66], ['', 0]] as const) {
      const listing = (call: FakeCall) => (call.action === 'DescribeStream' ? describeStreamResponse(streamArnOf('Orders'), [{ shardId }]) : undefined);
      const { error, requests } = read(threeBatches, { startAt: 'TRIM_HORIZON' }, listing);
      expect(error).toMatchObject({ name: 'MalformedResponseError', action: 'DescribeStream' });
      expect((error as Error).message).toContain(`DescribeStream: StreamDescription.Shards[0].ShardId: a shard id has 1 to 65 characters, got ${length}`);
      expect(requests.filter((line) => line.includes('DescribeStream'))).toHaveLength(4); // the first attempt and maxRetries (3)
      expect(requests.filter((line) => line.includes('GetShardIterator'))).toEqual([]);
    }
    const longest = 's'.repeat(65);
    const { emitted, error } = read([{ shardId: longest, batches: [[insert('a', '1')]] }], { startAt: { streamArn: streamArnOf('Orders'), shards: { [longest]: 'TRIM_HORIZON' } } }, () => undefined);
    expect(error).toBeUndefined();
    expect(emitted).toEqual([`${longest} 1`]);
  });

  it('refuse a record not after the last one read from the shard before (repeated, or going back): nothing emitted twice, the checkpoint never moves back', () => {
    for (const [first, last, again] of [['1', '2', '2'], ['1', '2', '1'], ['9', '10', '9']] as const) {
      const shards = [{ shardId: 's1', batches: [[insert('a', first), insert('a', last)], [insert('a', again)]] }];
      const { emitted, error, requests } = read(shards, { startAt: 'TRIM_HORIZON' }, () => undefined);
      expect(emitted).toEqual([`s1 ${first}`, `s1 ${last}`]);
      expect(error).toMatchObject({ name: 'MalformedResponseError', action: 'GetRecords' });
      expect((error as Error).message).toContain(`GetRecords: Records[0].dynamodb.SequenceNumber: ${again} is not after ${last} (the last record read from shard s1 before)`);
      expect(requests.filter((line) => line.includes('GetRecords s1#1'))).toHaveLength(4);
    }
  });

  it('refuse a record not after the checkpoint a reader resumed from', () => {
    const { emitted, error } = read(threeBatches, { startAt: { streamArn: streamArnOf('Orders'), shards: { s1: '2' } } }, (call) => (readsAt('s1#2')(call) ? recordsResponse([insert('a', '2')], 's1#3') : undefined));
    expect(emitted).toEqual([]);
    expect((error as Error).message).toContain('GetRecords: Records[0].dynamodb.SequenceNumber: 2 is not after 2 (the last record read from shard s1 before)');
  });

  it('take sequence numbers as the numbers they are: more digits is later, leading zeros (DynamoDB Local’s) aside', () => {
    const shards = [{ shardId: 's1', batches: [[insert('a', '9'), insert('a', '10')], [insert('a', '00000000000000000011'), insert('a', '99999999999999999999999999999999999999')], [insert('a', '100000000000000000000000000000000000000')]] }];
    const { emitted, error } = read(shards, { startAt: 'TRIM_HORIZON' }, () => undefined);
    expect(error).toBeUndefined();
    expect(emitted).toEqual(['s1 9', 's1 10', 's1 00000000000000000011', `s1 ${'9'.repeat(38)}`, `s1 1${'0'.repeat(38)}`]);
  });
});
