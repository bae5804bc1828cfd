import { randomUUID } from 'node:crypto';
import { catchError, firstValueFrom, of, retry, throwError, type Observable } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import { ConditionalCheckFailedException } from '../../src/errors/service-errors.js';
import type { Item } from '../../src/operations/types.js';
import type { LocalDynamo } from '../support/dynalite.js';
import type { FaultProxy } from '../support/fault-proxy.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal, localServers } from '../support/local-servers.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

// `reset-after` forwards the request, lets the server apply it, then resets the connection instead of
// answering: the client sees a NetworkError, which is retried like any transient error (as the AWS SDKs
// do), so the write is sent a second time.

const one = { ':one': 1 };

/** A server, a proxy in front of it, a client through the proxy and one straight to the server. */
function bench(start: () => Promise<LocalDynamo>) {
  const state = { ...useFaultProxy({ server: start }), measurements: [] as Measurement[] } as {
    server: LocalDynamo;
    proxy: FaultProxy;
    db: DynamoDB;
    direct: DynamoDB;
    table: string;
    measurements: Measurement[];
  };
  beforeAll(async () => {
    state.db = localClient(state.proxy.endpoint, { retry: { baseDelayMs: 1 }, onMeasurement: (m) => state.measurements.push(m) });
    state.direct = localClient(state.server.endpoint);
    state.table = uniqueTableName('Counters');
    await firstValueFrom(state.direct.createTable(tableDefinition(state.table)));
  });
  afterAll(async () => {
    await firstValueFrom(state.direct.deleteTable(state.table));
  });
  beforeEach(() => {
    state.measurements.length = 0;
  });
  return state;
}

/** The item with this key, read straight from the server. */
const stored = (state: { direct: DynamoDB; table: string }, pk: string): Promise<Item | undefined> =>
  firstValueFrom(state.direct.getItem(state.table, { pk }, { consistentRead: true }));

describe.each(localServers())('a retried non-idempotent write on $name', ({ start }) => {
  const state = bench(start);

  it('ADD n :one is applied twice when the first response is lost: one call, counter at 2', async () => {
    const { db, proxy, table } = state;
    proxy.script({ kind: 'reset-after', action: 'UpdateItem' });
    await firstValueFrom(db.updateItem(table, { pk: 'plain' }, { updateExpression: 'ADD n :one', expressionAttributeValues: one }));
    expect(await stored(state, 'plain')).toEqual({ pk: 'plain', n: 2 });
    expect(state.measurements).toMatchObject([{ action: 'UpdateItem', attempts: 2 }]);
    expect(proxy.stats.forwarded).toBe(2);
  });

  it('retrying an increment only after throttling (never applied) leaves a lost answer to the caller: counter at 1', async () => {
    const { proxy, table } = state;
    const careful = localClient(proxy.endpoint, { retry: { baseDelayMs: 1, shouldRetry: (e) => e.throttling || (e.retryable && e.action !== 'UpdateItem') } });
    proxy.script({ kind: 'throttle', action: 'UpdateItem' }, { kind: 'reset-after', action: 'UpdateItem' });
    const error = await firstValueFrom(careful.updateItem(table, { pk: 'careful' }, { updateExpression: 'ADD n :one', expressionAttributeValues: one })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NetworkError', action: 'UpdateItem' });
    expect(await stored(state, 'careful')).toEqual({ pk: 'careful', n: 1 });
  });

  it('a conditional put that succeeded can report ConditionalCheckFailedException on its retry', async () => {
    const { db, proxy, table } = state;
    proxy.script({ kind: 'reset-after', action: 'PutItem' });
    const error = await firstValueFrom(db.putItem(table, { pk: 'created', by: 'me' }, { conditionExpression: 'attribute_not_exists(pk)' })).catch((e: unknown) => e);
    expect(ConditionalCheckFailedException.is(error)).toBe(true);
    expect(await stored(state, 'created')).toEqual({ pk: 'created', by: 'me' });
  });
});

/**
 * The safe counter increment: each logical increment carries an operation id, written with the increment
 * and checked by the condition. A retry of an applied increment fails its condition, and the item that
 * DynamoDB returns with the failure (`returnValuesOnConditionCheckFailure: 'ALL_OLD'`) shows the increment
 * is already in, so the failure means success. (README: "Retries and non-idempotent writes".)
 */
function incrementOnce(db: DynamoDB, table: string, pk: string, op: string): Observable<unknown> {
  return db
    .updateItem(table, { pk }, {
      updateExpression: 'ADD n :one SET lastOp = :op',
      conditionExpression: 'attribute_not_exists(lastOp) OR lastOp <> :op',
      expressionAttributeValues: { ...one, ':op': op },
      returnValuesOnConditionCheckFailure: 'ALL_OLD',
    })
    .pipe(catchError((error: unknown) => (ConditionalCheckFailedException.is(error) && error.item?.['lastOp'] === op ? of(undefined) : throwError(() => error))));
}

describe('the safe patterns end at 1, on DynamoDB Local', () => {
  const state = bench(() => Promise.resolve(dynamodbLocal()));
  const increment = (db: DynamoDB, pk: string, clientRequestToken?: string) =>
    db.transactWriteItems(
      [{ update: { table: state.table, key: { pk }, updateExpression: 'ADD n :one', expressionAttributeValues: one } }],
      clientRequestToken === undefined ? {} : { clientRequestToken },
    );

  it('a condition on an operation id: the retry fails its condition, whose item shows the increment is in', async () => {
    const { db, proxy, table } = state;
    proxy.script({ kind: 'reset-after', action: 'UpdateItem' });
    await firstValueFrom(incrementOnce(db, table, 'guarded', randomUUID()));
    expect(await stored(state, 'guarded')).toMatchObject({ n: 1 });
    expect(state.measurements).toMatchObject([{ action: 'UpdateItem', attempts: 2, error: 'ConditionalCheckFailedException' }]);
  });

  it('an operation id sent again later (a retry by the caller) is not applied again either', async () => {
    const { db, table } = state;
    await firstValueFrom(incrementOnce(db, table, 'again', 'op-1'));
    await firstValueFrom(incrementOnce(db, table, 'again', 'op-1'));
    await firstValueFrom(incrementOnce(db, table, 'again', 'op-2'));
    expect(await stored(state, 'again')).toEqual({ pk: 'again', n: 2, lastOp: 'op-2' });
  });

  it("a transaction: every retry of one subscription carries that subscription's client request token", async () => {
    const { db, proxy } = state;
    proxy.script({ kind: 'reset-after', action: 'TransactWriteItems' });
    await firstValueFrom(increment(db, 'tx'));
    expect(await stored(state, 'tx')).toEqual({ pk: 'tx', n: 1 });
    expect(state.measurements).toMatchObject([{ action: 'TransactWriteItems', attempts: 2 }]);
    expect(proxy.stats.forwarded).toBe(2);
  });

  it('a transaction the caller subscribes to again needs an explicit clientRequestToken to stay at 1', async () => {
    const { proxy } = state;
    // A client that gives up at once stands for "retries exhausted"; the caller's retry() subscribes again.
    const impatient = localClient(proxy.endpoint, { maxRetries: 0 });
    proxy.script({ kind: 'reset-after', action: 'TransactWriteItems' });
    await firstValueFrom(increment(impatient, 'tx-auto').pipe(retry(1)));
    proxy.script({ kind: 'reset-after', action: 'TransactWriteItems' });
    await firstValueFrom(increment(impatient, 'tx-token', randomUUID()).pipe(retry(1)));
    expect(await stored(state, 'tx-auto')).toEqual({ pk: 'tx-auto', n: 2 });
    expect(await stored(state, 'tx-token')).toEqual({ pk: 'tx-token', n: 1 });
  });
});
