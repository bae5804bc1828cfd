import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import { DynamoDB, records, type ChangeBatch, type ChangeRecord, type HandledChanges, type Item, type Key, type StreamCheckpoint } from '../../src/index.js';

interface Order {
  id: string;
  total: number;
}

// The public types of change streams: what users code against.
describe('change stream types', () => {
  const db = new DynamoDB({ transport: () => { throw new Error('not sent'); }, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

  it('types batches, records and images by the item type (Item by default)', () => {
    expectTypeOf(db.changes<Order>('Orders')).toEqualTypeOf<Observable<ChangeBatch<Order>>>();
    expectTypeOf(db.changes('Orders')).toEqualTypeOf<Observable<ChangeBatch<Item>>>();
    expectTypeOf(db.changes<Order>('Orders').pipe(records())).toEqualTypeOf<Observable<ChangeRecord<Order>>>();
    const record = {} as ChangeRecord<Order>;
    expectTypeOf(record.newImage).toEqualTypeOf<Order | undefined>();
    expectTypeOf(record.oldImage).toEqualTypeOf<Order | undefined>();
    expectTypeOf(record.keys).toEqualTypeOf<Key>();
    expectTypeOf(record.eventName).toEqualTypeOf<'INSERT' | 'MODIFY' | 'REMOVE'>();
    expectTypeOf(record.approximateCreationTime).toEqualTypeOf<Date>();
    expectTypeOf<ChangeBatch<Order>['checkpoint']>().toEqualTypeOf<StreamCheckpoint>();
  });

  it('takes startAt as LATEST, TRIM_HORIZON or a checkpoint; a misspelled option or word does not compile', () => {
    const checkpoint = {} as StreamCheckpoint;
    db.changes('Orders', { startAt: checkpoint, pollIntervalMs: 500, limit: 100, maxShardConcurrency: 4, onTrimmed: 'skipToOldest' });
    db.changes('Orders', { startAt: JSON.parse('{}') as StreamCheckpoint });
    // @ts-expect-error: not a start position
    db.changes('Orders', { startAt: 'NOW' });
    // @ts-expect-error: pollInterval is pollIntervalMs
    db.changes('Orders', { pollInterval: 500 });
    // @ts-expect-error: pacing belongs to changesPaced
    db.changes('Orders', { pacing: { prefetch: 2 } });
  });

  it('changesPaced: (table, handler) or (table, options, handler), never a positional undefined', () => {
    expectTypeOf(db.changesPaced<Order, number>('Orders', (batch) => Promise.resolve(batch.records.length))).toEqualTypeOf<Observable<HandledChanges<number>>>();
    expectTypeOf(db.changesPaced<Order>('Orders', { startAt: 'TRIM_HORIZON', pacing: { prefetch: 2, concurrency: 4 } }, async () => undefined)).toEqualTypeOf<Observable<HandledChanges<unknown>>>();
    // @ts-expect-error: no positional undefined
    db.changesPaced('Orders', undefined, async () => undefined);
    // @ts-expect-error: pacing goes in the options
    db.changesPaced('Orders', {}, async () => undefined, { prefetch: 2 });
    expectTypeOf<HandledChanges<number>['checkpoint']>().toEqualTypeOf<StreamCheckpoint>();
  });
});
