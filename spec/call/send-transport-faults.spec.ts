import { config as rxjsConfig, EMPTY, of } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import type { Transport } from '../../src/http/types.js';
import { okResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** A client over `transport` with one slot, so that a leaked slot would hold every later call. */
function clientOver(transport: Transport): DynamoDB {
  return new DynamoDB({ env: {}, credentials: CREDENTIALS, maxConcurrency: 1, maxRetries: 2, timeoutMs: 300, transport });
}

// What RxJS would have raised as an uncaughtException.
let unhandled: unknown[] = [];
beforeEach(() => {
  unhandled = [];
  rxjsConfig.onUnhandledError = (error) => unhandled.push(error);
});
afterEach(() => {
  rxjsConfig.onUnhandledError = null;
});

describe('send: a custom transport that throws or returns no Observable', () => {
  const faulty: [string, Transport][] = [
    ['throws synchronously', () => { throw new Error('transport bug'); }],
    ['returns undefined', (() => undefined) as unknown as Transport],
  ];

  it.each(faulty)('a transport that %s fails the attempt at once with a NetworkError, not retried, and frees the slot', (_, transport) => {
    const db = clientOver(transport);
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(db.getItem('Things', { id: 'a' })).toBe('#', undefined, expect.objectContaining({ code: 'NetworkError', retryable: false, action: 'GetItem' }));
      // The one slot is free again: a second call is not held until a timeout.
      expectObservable(db.getItem('Things', { id: 'b' })).toBe('#', undefined, expect.objectContaining({ code: 'NetworkError' }));
    });
    expect(db.load).toEqual({ inFlight: 0, queued: 0 });
    expect(unhandled).toEqual([]);
  });

  it('names what the transport returned', () => {
    const errors: unknown[] = [];
    clientOver((() => undefined) as unknown as Transport).getItem('Things', { id: 'a' }).subscribe({ error: (error) => errors.push(error) });
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('the transport returned undefined instead of an Observable') })]);
  });
});

describe('send: a transport that completes without a response, or answers twice', () => {
  const empty = (): DynamoDB => new DynamoDB({ env: {}, credentials: CREDENTIALS, maxRetries: 1, transport: () => EMPTY });
  const emptyResponse = (action: string) => expect.objectContaining({ code: 'MalformedResponseError', retryable: true, action, message: `${action}: the transport completed without a response` });

  it('putItem fails with a retried MalformedResponseError naming the action', () => {
    let requests = 0;
    const outcome: unknown[] = [];
    marbleScheduler().run(() => {
      const db = new DynamoDB({ env: {}, credentials: CREDENTIALS, maxRetries: 1, transport: () => (requests++, EMPTY) });
      db.putItem('Things', { id: 'a' }).subscribe({ next: (v) => outcome.push(v), error: (e) => outcome.push(e), complete: () => outcome.push('complete') });
    });
    expect(outcome).toEqual([emptyResponse('PutItem')]);
    expect(requests).toBe(2);
  });

  it('batchWriteItem fails instead of completing as if it had written', () => {
    const table = { TableName: 'Things', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] };
    // DescribeTable (for the key schema) answers; only BatchWriteItem's transport completes empty.
    const transport: Transport = (request) => (request.action === 'DescribeTable' ? of(okResponse({ Table: table })) : EMPTY);
    const outcome: unknown[] = [];
    marbleScheduler().run(() => {
      new DynamoDB({ env: {}, credentials: CREDENTIALS, maxRetries: 1, transport }).batchWriteItem({ Things: [{ put: { id: 'a' } }] }).subscribe({ next: (v) => outcome.push(v), error: (e) => outcome.push(e), complete: () => outcome.push('complete') });
    });
    expect(outcome).toEqual([expect.objectContaining({ code: 'BatchIncompleteError', processed: 0, unprocessed: { Things: [{ put: { id: 'a' } }] }, cause: emptyResponse('BatchWriteItem') })]);
  });

  it('scan fails instead of completing with no page', () => {
    const outcome: unknown[] = [];
    marbleScheduler().run(() => {
      empty().scan('Things').subscribe({ next: (v) => outcome.push(v), error: (e) => outcome.push(e), complete: () => outcome.push('complete') });
    });
    expect(outcome).toEqual([emptyResponse('Scan')]);
  });

  it('a second response of the same attempt is not heard', () => {
    const twice: Transport = () => of(okResponse({ Attributes: { n: { N: '1' } } }), okResponse({ Attributes: { n: { N: '2' } } }));
    const values: unknown[] = [];
    new DynamoDB({ env: {}, credentials: CREDENTIALS, transport: twice }).putItem('Things', { id: 'a' }, { returnValues: 'ALL_OLD' }).subscribe((v) => values.push(v));
    expect(values).toHaveLength(1);
  });
});
