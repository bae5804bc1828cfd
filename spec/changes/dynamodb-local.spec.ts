import { first, firstValueFrom, lastValueFrom, ReplaySubject, scan, take, tap, timeout, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { records, type ChangeBatch, type ChangeRecord, type StreamCheckpoint } from '../../src/index.js';
import type { StreamViewType } from '../../src/tables/types.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';

// Change streams for real, on the run's DynamoDB Local (which serves DynamoDB Streams at the same endpoint).

let db: DynamoDB;
const tables: string[] = [];
const FAST = { pollIntervalMs: 50 } as const;

beforeAll(() => {
  db = localClient(dynamodbLocal().endpoint);
});
afterAll(async () => {
  for (const table of tables) await firstValueFrom(db.deleteTable(table)).catch(() => undefined);
});

async function tableWithStream(prefix: string, view: StreamViewType = 'NEW_AND_OLD_IMAGES'): Promise<string> {
  const table = uniqueTableName(prefix);
  tables.push(table);
  await firstValueFrom(db.createTable({ ...tableDefinition(table), StreamSpecification: { StreamEnabled: true, StreamViewType: view } }));
  return table;
}

/** The first `count` records of a stream of batches (fails after 20 s). */
function firstRecords<T>(batches: Observable<ChangeBatch<T>>, count: number): Promise<ChangeRecord<T>[]> {
  return firstValueFrom(batches.pipe(records(), take(count), toArray(), timeout(20_000)));
}

/** The batches up to the one whose checkpoint has passed `records` records in all (fails after 20 s). */
function batchesFor<T>(batches: Observable<ChangeBatch<T>>, count: number): Promise<ChangeBatch<T>[]> {
  return firstValueFrom(
    batches.pipe(
      scan((seen, batch) => [...seen, batch], [] as ChangeBatch<T>[]),
      first((seen) => seen.reduce((sum, batch) => sum + batch.records.length, 0) >= count),
      timeout(20_000),
    ),
  );
}

/** An `onPositioned` callback, and a Promise of its call. */
function whenPositioned(): { onPositioned: () => void; positioned: Promise<void> } {
  let onPositioned!: () => void;
  const positioned = new Promise<void>((resolve) => (onPositioned = resolve));
  return { onPositioned, positioned };
}

describe('changes on DynamoDB Local: event types and view types', () => {
  const item = { pk: 'p1', n: 1, big: 2n ** 60n, tags: new Set(['a', 'b']), bytes: new Uint8Array([1, 2, 3]), nested: { list: [1, 'two', null] } };
  const changed = { ...item, n: 2 };

  const views: [StreamViewType, (r: ChangeRecord) => unknown][] = [
    ['KEYS_ONLY', (r) => [r.newImage, r.oldImage]],
    ['NEW_IMAGE', (r) => [r.newImage, r.oldImage]],
    ['OLD_IMAGE', (r) => [r.newImage, r.oldImage]],
    ['NEW_AND_OLD_IMAGES', (r) => [r.newImage, r.oldImage]],
  ];
  const expectedImages: Record<StreamViewType, unknown[]> = {
    KEYS_ONLY: [[undefined, undefined], [undefined, undefined], [undefined, undefined]],
    NEW_IMAGE: [[item, undefined], [changed, undefined], [undefined, undefined]],
    OLD_IMAGE: [[undefined, undefined], [undefined, item], [undefined, changed]],
    NEW_AND_OLD_IMAGES: [[item, undefined], [changed, item], [undefined, changed]],
  };

  for (const [view, images] of views) {
    it(`${view}: INSERT, MODIFY and REMOVE with native keys and the images the view holds`, async () => {
      const table = await tableWithStream('Views', view);
      await firstValueFrom(db.putItem(table, item));
      await firstValueFrom(db.updateItem(table, { pk: 'p1' }, { updateExpression: 'SET n = :n', expressionAttributeValues: { ':n': 2 } }));
      await firstValueFrom(db.deleteItem(table, { pk: 'p1' }));
      const changes = await firstRecords(db.changes(table, { startAt: 'TRIM_HORIZON', ...FAST }), 3);
      expect(changes.map((r) => [r.eventName, r.keys, r.byTtl])).toEqual([
        ['INSERT', { pk: 'p1' }, false],
        ['MODIFY', { pk: 'p1' }, false],
        ['REMOVE', { pk: 'p1' }, false],
      ]);
      expect(changes.map(images)).toEqual(expectedImages[view]);
      const [first] = changes;
      expect(first).toMatchObject({ eventId: expect.any(String), sequenceNumber: expect.stringMatching(/^\d+$/), sizeBytes: expect.any(Number) });
      expect(first!.approximateCreationTime).toBeInstanceOf(Date);
      expect(Math.abs(first!.approximateCreationTime.getTime() - Date.now())).toBeLessThan(10 * 60_000);
      expect(new Set(changes.map((r) => r.shardId)).size).toBe(1);
    });
  }
});

describe('changes on DynamoDB Local: order, start positions, resume', () => {
  it('delivers every change of each key in order, while writes to many keys run at once', async () => {
    const table = await tableWithStream('Order');
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const writes = keys.flatMap((pk) => Array.from({ length: 20 }, () => db.updateItem(table, { pk }, { updateExpression: 'ADD n :one', expressionAttributeValues: { ':one': 1 } })));
    const reading = firstRecords(db.changes<{ pk: string; n: number }>(table, { startAt: 'TRIM_HORIZON', limit: 7, ...FAST }), 100);
    await Promise.all(writes.map((write) => lastValueFrom(write, { defaultValue: undefined })));
    const changes = await reading;
    for (const pk of keys) {
      expect(changes.filter((r) => r.keys['pk'] === pk).map((r) => r.newImage!.n)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    }
    const sequence = changes.map((r) => BigInt(r.sequenceNumber));
    expect(sequence).toEqual([...sequence].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it('LATEST (the default) emits only changes made after it started; TRIM_HORIZON every change the stream holds', async () => {
    const table = await tableWithStream('Start');
    await firstValueFrom(db.putItem(table, { pk: 'before' }));
    const { onPositioned, positioned } = whenPositioned();
    const latest = firstRecords(db.changes(table, { ...FAST, onPositioned }), 1);
    await positioned;
    await firstValueFrom(db.putItem(table, { pk: 'after' }));
    expect((await latest).map((r) => r.keys)).toEqual([{ pk: 'after' }]);
    expect((await firstRecords(db.changes(table, { startAt: 'TRIM_HORIZON', ...FAST }), 2)).map((r) => r.keys)).toEqual([{ pk: 'before' }, { pk: 'after' }]);
  });

  it('LATEST on a new table whose first change comes after other tables\' writes: the change comes', async () => {
    // DynamoDB Local counts sequence numbers across all tables: the write to Other takes the numbers before the
    // stream's first record, and GetRecords at the empty shard's LATEST iterator answers TrimmedDataAccessException.
    const table = await tableWithStream('Fresh');
    const other = uniqueTableName('Other');
    tables.push(other);
    await firstValueFrom(db.createTable(tableDefinition(other)));
    await firstValueFrom(db.putItem(other, { pk: 'elsewhere' }));
    const { onPositioned, positioned } = whenPositioned();
    const latest = firstRecords(db.changes(table, { ...FAST, onPositioned }), 1);
    await positioned;
    await firstValueFrom(db.putItem(other, { pk: 'elsewhere again' }));
    await firstValueFrom(db.putItem(table, { pk: 'first' }));
    expect((await latest).map((r) => r.keys)).toEqual([{ pk: 'first' }]);
  });

  it('LATEST: every write made from onPositioned on comes, even one sent in the callback itself', async () => {
    const table = await tableWithStream('Positioned');
    await firstValueFrom(db.putItem(table, { pk: 'before' }));
    const keys = Array.from({ length: 10 }, (_, index) => `k${index}`);
    const writes: Promise<unknown>[] = [];
    const onPositioned = () => {
      for (const pk of keys) writes.push(firstValueFrom(db.putItem(table, { pk })));
    };
    const changes = await firstRecords(db.changes(table, { ...FAST, onPositioned }), keys.length);
    await Promise.all(writes);
    expect(changes.map((r) => String(r.keys['pk'])).sort()).toEqual(keys);
  });

  it('resumes from a checkpoint after a JSON round trip: nothing emitted before again, nothing after it lost', async () => {
    const table = await tableWithStream('Resume');
    for (let n = 1; n <= 10; n++) await firstValueFrom(db.putItem(table, { pk: `k${n}`, n }));
    // Stop after the batch that passes 5 records (3 a read), saving its checkpoint as JSON.
    const first = await batchesFor(db.changes<{ n: number }>(table, { startAt: 'TRIM_HORIZON', limit: 3, ...FAST }), 5);
    const saved = JSON.stringify(first.at(-1)!.checkpoint);
    const emitted = first.flatMap((batch) => batch.records.map((r) => r.newImage!.n));
    expect(emitted).toEqual([1, 2, 3, 4, 5, 6]);
    // Writes while stopped, then a restart from the saved checkpoint.
    for (let n = 11; n <= 12; n++) await firstValueFrom(db.putItem(table, { pk: `k${n}`, n }));
    const resumed = await firstRecords(db.changes<{ n: number }>(table, { startAt: JSON.parse(saved) as StreamCheckpoint, ...FAST }), 6);
    expect(resumed.map((r) => r.newImage!.n)).toEqual([7, 8, 9, 10, 11, 12]);
  });

  it('fails with a StreamDisabledError once a stream disabled mid-read was read to its end, every change delivered first', async () => {
    const table = await tableWithStream('Disabled');
    await firstValueFrom(db.putItem(table, { pk: 'a' }));
    const delivered = new ReplaySubject<string>();
    const reading = lastValueFrom(
      db.changes(table, { startAt: 'TRIM_HORIZON', ...FAST }).pipe(
        records(),
        tap((r) => delivered.next(String(r.keys['pk']))),
        timeout(20_000),
      ),
    ).catch((e: unknown) => e);
    await firstValueFrom(delivered); // mid-read: 'a' is out
    await firstValueFrom(db.putItem(table, { pk: 'b' }));
    await firstValueFrom(db.updateTable({ TableName: table, StreamSpecification: { StreamEnabled: false } }));
    const error = await reading;
    delivered.complete();
    expect(error).toMatchObject({ name: 'StreamDisabledError', retryable: false });
    expect(Object.values((error as { checkpoint: StreamCheckpoint }).checkpoint.shards)).toEqual(['DONE']);
    expect(await lastValueFrom(delivered.pipe(toArray()))).toEqual(['a', 'b']);
    await expect(firstValueFrom(db.changes(table))).rejects.toMatchObject({ name: 'NoStreamError', table });
  });
});

describe('changes on DynamoDB Local: deletions by time to live', () => {
  it('a REMOVE that TTL made has byTtl (DynamoDB Local names it UNKNOWN_TO_SDK_VERSION, with no user identity); a caller’s delete has not', async () => {
    const table = await tableWithStream('Ttl');
    await firstValueFrom(db.updateTimeToLive(table, { Enabled: true, AttributeName: 'expiresAt' }));
    await firstValueFrom(db.putItem(table, { pk: 'expired', expiresAt: Math.floor(Date.now() / 1000) - 60 }));
    await firstValueFrom(db.putItem(table, { pk: 'deleted' }));
    await firstValueFrom(db.deleteItem(table, { pk: 'deleted' }));
    // DynamoDB Local deletes expired items within about 10 seconds.
    const changes = await firstValueFrom(db.changes(table, { startAt: 'TRIM_HORIZON', ...FAST }).pipe(records(), take(4), toArray(), timeout(40_000)));
    const of = (pk: string) => changes.filter((r) => r.keys['pk'] === pk);
    expect(of('expired').map((r) => [r.eventName, r.byTtl])).toEqual([
      ['INSERT', false],
      ['REMOVE', true],
    ]);
    expect(of('expired')[1]!.oldImage).toEqual({ pk: 'expired', expiresAt: expect.any(Number) });
    expect(of('deleted').map((r) => [r.eventName, r.byTtl])).toEqual([
      ['INSERT', false],
      ['REMOVE', false],
    ]);
  }, 60_000);
});
