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
