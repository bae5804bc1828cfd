import { firstValueFrom, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { FakeDynamoDB, streamArnOf } from '../../src/testing/index.js';

// Bad input to changes/changesPaced is refused with an InvalidParameterError naming it, before anything is sent.

const ARN = streamArnOf('Orders');
const checkpoint = (shards: Record<string, string> = {}, streamArn = ARN) => ({ streamArn, shards });
const handler = () => Promise.resolve();
const LEASE = { table: 'Leases' };

const cases: [string, (db: DynamoDB) => Observable<unknown>, string, RegExp][] = [
  ['a table name too short', (db) => db.changes('T'), 'table', /not a valid table name/],
  ['options not an object', (db) => db.changes('Orders', 'TRIM_HORIZON' as never), 'options', /must be an object, got a string/],
  ['limit 0', (db) => db.changes('Orders', { limit: 0 }), 'options.limit', /from 1 to 1000, got 0/],
  ['limit over 1000', (db) => db.changes('Orders', { limit: 1001 }), 'options.limit', /from 1 to 1000, got 1001/],
  ['pollIntervalMs negative', (db) => db.changes('Orders', { pollIntervalMs: -1 }), 'options.pollIntervalMs', /integer from 0/],
  ['maxShardConcurrency 0', (db) => db.changes('Orders', { maxShardConcurrency: 0 }), 'options.maxShardConcurrency', /integer from 1/],
  ['onTrimmed unknown', (db) => db.changes('Orders', { onTrimmed: 'skip' as never }), 'options.onTrimmed', /one of error, skipToOldest, got "skip"/],
  ['startAt unknown word', (db) => db.changes('Orders', { startAt: 'NOW' as never }), 'options.startAt', /'LATEST', 'TRIM_HORIZON' or a checkpoint/],
  ['startAt a number', (db) => db.changes('Orders', { startAt: 5 as never }), 'options.startAt', /got a number/],
  ['a checkpoint without shards', (db) => db.changes('Orders', { startAt: { streamArn: ARN } as never }), 'options.startAt.shards', /must be an object, got undefined/],
  ['a checkpoint with another field', (db) => db.changes('Orders', { startAt: { ...checkpoint(), at: 1 } as never }), 'options.startAt.at', /allowed: streamArn, shards/],
  ['a checkpoint with a bad stream ARN', (db) => db.changes('Orders', { startAt: checkpoint({}, 'Orders') }), 'options.startAt.streamArn', /must be a stream ARN/],
  ['a checkpoint with a bad shard state', (db) => db.changes('Orders', { startAt: checkpoint({ s1: 'later' }) }), 'options.startAt.shards["s1"]', /sequence number \(digits\), "DONE" or "TRIM_HORIZON", got "later"/],
  ['a checkpoint with an empty shard id', (db) => db.changes('Orders', { startAt: checkpoint({ '': '1' }) }), 'options.startAt.shards[""]', /1 to 65 characters/],
  ['a checkpoint of another table', (db) => db.changes('Orders', { startAt: checkpoint({}, streamArnOf('Users')) }), 'options.startAt.streamArn', /another table than Orders/],
  ['a streamArn of another table', (db) => db.changes('Orders', { streamArn: streamArnOf('Users') }), 'options.streamArn', /another table than Orders/],
  ['a streamArn other than the checkpoint’s', (db) => db.changes('Orders', { startAt: checkpoint(), streamArn: ARN.replace('2026', '2025') }), 'options.streamArn', /differs from the checkpoint's/],
  ['an unknown option', (db) => db.changes('Orders', { leases: { table: 'Leases' } } as never), 'options.leases', /allowed: startAt, streamArn, pollIntervalMs, limit, maxShardConcurrency, onTrimmed, onPositioned, lease/],
  ['constructor as an option', (db) => db.changes('Orders', { constructor: 1 } as never), 'options.constructor', /allowed:/],
  ['toString as an option', (db) => db.changes('Orders', { toString: 'x' } as never), 'options.toString', /allowed:/],
  ['__proto__ as an option (from JSON)', (db) => db.changes('Orders', JSON.parse('{"__proto__":{"limit":5}}') as never), 'options.__proto__', /allowed:/],
  ['pacing on changes', (db) => db.changes('Orders', { pacing: {} } as never), 'options.pacing', /allowed:/],
  ['changesPaced without a handler', (db) => db.changesPaced('Orders', {} as never), 'handler', /must be a function/],
  ['changesPaced with pacing after the handler (0.1 style)', (db) => (db.changesPaced as (...args: unknown[]) => Observable<unknown>)('Orders', {}, handler, { prefetch: 2 }), 'pacing', /goes in the options now/],
  ['changesPaced with a negative prefetch', (db) => db.changesPaced('Orders', { pacing: { prefetch: -1 } }, handler), 'options.pacing.prefetch', /integer from 0/],
  ['changesPaced with constructor in pacing', (db) => db.changesPaced('Orders', { pacing: { constructor: 2 } as never }, handler), 'options.pacing.constructor', /allowed: prefetch, concurrency/],
  ['changesPaced with a bad changes option', (db) => db.changesPaced('Orders', { limit: 0 }, handler), 'options.limit', /from 1 to 1000/],
  ['lease without a table', (db) => db.changes('Orders', { lease: {} as never }), 'options.lease.table', /must be a table name string, got undefined/],
  ['lease with an unknown option', (db) => db.changes('Orders', { lease: { table: 'Leases', scanId: 'x' } as never }), 'options.lease.scanId', /unknown option; allowed: table, workerId, leaseDurationMs/],
  ['lease with a checkpoint to start at', (db) => db.changes('Orders', { startAt: checkpoint(), lease: LEASE }), 'options.startAt', /cannot be a checkpoint with lease/],
  ['lease with onPositioned', (db) => db.changes('Orders', { onPositioned: () => undefined, lease: LEASE }), 'options.onPositioned', /not available with lease/],
  ['lease with a bad changes option', (db) => db.changes('Orders', { limit: 0, lease: LEASE }), 'options.limit', /from 1 to 1000/],
  ['changesPaced with lease and a bad pacing', (db) => db.changesPaced('Orders', { lease: LEASE, pacing: { concurrency: 0 } }, handler), 'options.pacing.concurrency', /integer from 1/],
];

describe('changes and changesPaced refuse bad input before sending anything', () => {
  for (const [name, call, parameter, message] of cases) {
    it(name, async () => {
      const fake = new FakeDynamoDB();
      const error = await firstValueFrom(call(fake.client())).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect(error).toMatchObject({ parameter });
      expect((error as Error).message).toMatch(message);
      expect(fake.calls).toEqual([]);
    });
  }

  it('every call is cold: nothing is checked or sent before subscribing', () => {
    const fake = new FakeDynamoDB();
    const db = fake.client();
    db.changes('T', { limit: 0 });
    db.changesPaced('Orders', {} as never);
    expect(fake.calls).toEqual([]);
  });
});
