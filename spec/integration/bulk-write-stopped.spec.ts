import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import type { WriteRequest } from '../../src/batch/batch-write-item.js';
import { BatchIncompleteError, InvalidParameterError } from '../../src/errors/client-errors.js';
import { items } from '../../src/streams/page.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

const { server, proxy } = useFaultProxy();
let direct: DynamoDB;
let table: string;

/** A put of key `k<n>`. */
const put = (n: number): WriteRequest => ({ put: { pk: `k${n}`, n } });

/** The error the stream ended with. */
async function failure(call: Promise<unknown>): Promise<BatchIncompleteError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(BatchIncompleteError);
  return error as BatchIncompleteError;
}

/** Keys `k<from>` .. `k<to - 1>`, sorted as strings. */
const keys = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `k${from + i}`).sort();

/** The keys in the table, sorted, read around the proxy. */
async function stored(): Promise<string[]> {
  const rows = await lastValueFrom(direct.scan(table, { consistentRead: true }).pipe(items(), toArray()));
  return rows.map((row) => row['pk'] as string).sort();
}

/** The keys an error lists as not applied, sorted. */
const unprocessedKeys = (error: BatchIncompleteError): string[] =>
  ((error.unprocessed as Record<string, { put: { pk: string } }[]>)[table] ?? []).map((write) => write.put.pk).sort();

/** Checks that of the writes `k0` .. `k<taken - 1>`, those in the table and those the error lists are apart and make up all; returns the stored keys. */
async function expectExactAccount(error: BatchIncompleteError, taken: number): Promise<string[]> {
  const inTable = await stored();
  const listed = unprocessedKeys(error);
  expect(listed.filter((key) => inTable.includes(key))).toEqual([]);
  expect([...inTable, ...listed].sort()).toEqual(keys(0, taken));
  expect(error.processed).toBe(inTable.length);
  return inTable;
}

// With concurrency 2, writes 0-49 go at once in two requests. The response to the first to reach the server is held (DynamoDB has
// applied it); the other's answer pulls writes 100-124, and the stream stops while the held one is still in flight.
describe('a bulk write that stops while a request is in flight waits for it: unprocessed is exactly what did not land', () => {
  beforeEach(async () => {
    direct = localClient(server.endpoint);
    table = uniqueTableName('Stopped');
    await firstValueFrom(direct.createTable(tableDefinition(table)));
    proxy.script({ kind: 'delay', action: 'BatchWriteItem', delayMs: 1_500 });
  });

  it('a write the client refuses, mid-stream', async () => {
    function* writes(): Generator<WriteRequest> {
      for (let n = 0; n < 110; n++) yield put(n);
      yield { put: { pk: 'k110', when: new Date() as never } }; // not a DynamoDB type: refused, naming it
      for (let n = 111; n < 200; n++) yield put(n);
    }
    const db = localClient(proxy.endpoint);
    const error = await failure(lastValueFrom(db.bulkWriteFrom(table, writes(), { concurrency: 2 })));
    expect(error.cause).toBeInstanceOf(InvalidParameterError);
    expect((error.cause as InvalidParameterError).parameter).toBe('writes[110].put.when');
    expect(await expectExactAccount(error, 110)).toEqual(keys(0, 50));
  });

  it('a source that throws', async () => {
    async function* writes(): AsyncGenerator<WriteRequest> {
      for (let n = 0; n < 110; n++) yield put(n);
      throw new Error('the source broke');
    }
    const db = localClient(proxy.endpoint);
    const error = await failure(lastValueFrom(db.bulkWriteFrom(table, writes(), { concurrency: 2 })));
    expect((error.cause as Error).message).toBe('the source broke');
    // An async source is read one next() at a time, so how many requests went before it threw varies.
    expect((await expectExactAccount(error, 110)).length).toBeGreaterThanOrEqual(50);
  });

  it('a request that fails for good', async () => {
    proxy.script({ kind: 'http500', action: 'BatchWriteItem' });
    const db = localClient(proxy.endpoint, { maxRetries: 0 });
    const error = await failure(lastValueFrom(db.bulkWriteFrom(table, Array.from({ length: 100 }, (_, n) => put(n)), { concurrency: 2 })));
    expect(error.cause).toMatchObject({ statusCode: 500 });
    // Of the first two requests, the held one landed and is acknowledged, the other failed; nothing else was sent.
    expect(await expectExactAccount(error, 100)).toHaveLength(25);
  });
});
