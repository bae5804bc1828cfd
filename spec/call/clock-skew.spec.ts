import { switchMap, timer } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DynamoDBRequest, DynamoDBResponse } from '../../src/http/types.js';
import { CLOCK_SKEW_CODES, SigningClock } from '../../src/http/signing-clock.js';
import { RETRY_DEFAULTS } from '../../src/retry/backoff.js';
import { errorResponse, okResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { marbleConfig, scripted, sendFor } from '../support/send.js';

// Virtual time starts at the epoch: the local clock says 1970-01-01T00:00:00Z, the server's an hour later.
const HOUR = 3_600_000;

/** DynamoDB's refusal of a request signed at `signedAt`, answered when the server's clock says `serverTime`. */
function signatureExpired(serverTime: number, extraHeaders: Record<string, string> = {}): DynamoDBResponse {
  const refusal = errorResponse('InvalidSignatureException', 'Signature expired: 19700101T000000Z is now earlier than 19700101T004500Z (19700101T010000Z - 15 min.)', 400);
  return { ...refusal, headers: { ...refusal.headers, date: new Date(serverTime).toUTCString(), ...extraHeaders } };
}

const dates = (seen: DynamoDBRequest[]) => seen.map((request) => request.headers['X-Amz-Date']);

describe('clock skew: a request refused for its time is signed again with the server time', () => {
  it('learns the offset from Date, signs the retry at once with corrected time, and keeps it for later calls', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const refused = cold('-r|', { r: signatureExpired(HOUR) });
      const [retried, later] = [cold('-o|', { o: okResponse({}) }), cold('-o|', { o: okResponse({}) })];
      const send = sendFor(marbleConfig(scripted([refused, retried, later])));
      // Refused at 1 ms; the retry starts at once (no backoff) and succeeds at 2 ms.
      expectObservable(send('GetItem', {})).toBe('--r|', { r: {} });
      expectSubscriptions(retried.subscriptions).toBe('-^-!');
      // A call at 10 ms is signed with the corrected time from the start: one request, no refusal.
      expectObservable(timer(10).pipe(switchMap(() => send('GetItem', {})))).toBe('11ms r|', { r: {} });
    });
  });

  it('signs the retry at the server time (X-Amz-Date and credential scope), later calls too', () => {
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable, flush }) => {
      const send = sendFor(marbleConfig(scripted([cold('-r|', { r: signatureExpired(HOUR) }), cold('-o|', { o: okResponse({}) }), cold('-o|', { o: okResponse({}) })], seen)));
      expectObservable(send('GetItem', {})).toBe('--r|', { r: {} });
      flush();
      send('GetItem', {}).subscribe();
    });
    // Date has whole seconds: learned at 1 ms from 01:00:00, the clock says 01:00:00 at 1 ms and 3 ms alike.
    expect(dates(seen)).toEqual(['19700101T000000Z', '19700101T010000Z', '19700101T010000Z']);
  });

  it('retries a skew refusal although the code is not retryable, whatever shouldRetry and an empty quota say', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const retry = { ...RETRY_DEFAULTS, shouldRetry: () => false, quota: 0 };
      const send = sendFor(marbleConfig(scripted([cold('-r|', { r: signatureExpired(HOUR) }), cold('-o|', { o: okResponse({}) })]), { retry }));
      expectObservable(send('PutItem', {})).toBe('--r|', { r: {} });
    });
  });

  it('a clock behind or ahead: both are corrected (the server an hour behind too)', () => {
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const send = sendFor(marbleConfig(scripted([cold('-r|', { r: signatureExpired(10 * HOUR) }), cold('-o|', { o: okResponse({}) })], seen)));
      expectObservable(send('GetItem', {})).toBe('--r|', { r: {} });
    });
    expect(dates(seen)).toEqual(['19700101T000000Z', '19700101T100000Z']);
  });

  it('every code the AWS SDKs treat as clock skew is corrected, RequestTimeTooSkewed and SignatureDoesNotMatch included', () => {
    expect([...CLOCK_SKEW_CODES].sort()).toEqual([
      'AccessDeniedException', 'AuthFailure', 'InvalidSignatureException', 'RequestExpired', 'RequestInTheFuture', 'RequestTimeTooSkewed', 'SignatureDoesNotMatch',
    ]);
    for (const code of CLOCK_SKEW_CODES) {
      marbleScheduler().run(({ cold, expectObservable }) => {
        const refusal = { ...errorResponse(code, 'time', 403), headers: { date: new Date(HOUR).toUTCString() } };
        const send = sendFor(marbleConfig(scripted([cold('-r|', { r: refusal }), cold('-o|', { o: okResponse({}) })])));
        expectObservable(send('GetItem', {})).toBe('--r|', { r: {} });
      });
    }
  });

  it('a skew code whose Date agrees with the clock (a real AccessDenied) is not retried', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const refusal = { ...errorResponse('AccessDeniedException', 'not allowed', 400), headers: { date: new Date(60_000).toUTCString() } };
      const send = sendFor(marbleConfig(scripted([cold('-r|', { r: refusal })])));
      expectObservable(send('GetItem', {})).toBe('-#', undefined, expect.objectContaining({ code: 'AccessDeniedException', retryable: false }));
    });
  });

  it('no Date, an unreadable Date, or a cached answer (Age) teach nothing: the refusal surfaces', () => {
    const refusals = [
      { ...signatureExpired(HOUR), headers: {} },
      signatureExpired(HOUR, { date: 'yesterday' }),
      signatureExpired(HOUR, { age: '3' }),
    ];
    for (const refusal of refusals) {
      marbleScheduler().run(({ cold, expectObservable }) => {
        const send = sendFor(marbleConfig(scripted([cold('-r|', { r: refusal })])));
        expectObservable(send('GetItem', {})).toBe('-#', undefined, expect.objectContaining({ code: 'InvalidSignatureException' }));
      });
    }
  });

  it('another code with a skewed Date (a validation error) is not a clock problem', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const refusal = { ...errorResponse('ValidationException', 'bad', 400), headers: { date: new Date(HOUR).toUTCString() } };
      const send = sendFor(marbleConfig(scripted([cold('-r|', { r: refusal })])));
      expectObservable(send('GetItem', {})).toBe('-#', undefined, expect.objectContaining({ code: 'ValidationException' }));
    });
  });

  it('the skew retry counts as an attempt: with maxRetries 0 the refusal surfaces, the offset learned for the next call', () => {
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const send = sendFor(marbleConfig(scripted([cold('-r|', { r: signatureExpired(HOUR) }), cold('-o|', { o: okResponse({}) })], seen), { maxRetries: 0 }));
      expectObservable(send('GetItem', {})).toBe('-#', undefined, expect.objectContaining({ code: 'InvalidSignatureException' }));
      expectObservable(timer(10).pipe(switchMap(() => send('GetItem', {})))).toBe('11ms r|', { r: {} });
    });
    expect(dates(seen)).toEqual(['19700101T000000Z', '19700101T010000Z']);
  });

  it('concurrent calls signed before the correction are each signed again once', () => {
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, expectObservable }) => {
      const refused = cold('-r|', { r: signatureExpired(HOUR) });
      const ok = cold('-o|', { o: okResponse({}) });
      const send = sendFor(marbleConfig(scripted([refused, refused, refused, ok, ok, ok], seen)));
      for (let call = 0; call < 3; call++) expectObservable(send('GetItem', {})).toBe('--r|', { r: {} });
    });
    expect(dates(seen)).toEqual([...Array(3).fill('19700101T000000Z'), ...Array(3).fill('19700101T010000Z')]);
  });

  it('the offset belongs to one client: another client still signs with its own clock', () => {
    const seen: DynamoDBRequest[] = [];
    marbleScheduler().run(({ cold, flush }) => {
      const transport = scripted([cold('-r|', { r: signatureExpired(HOUR) }), cold('-o|', { o: okResponse({}) }), cold('-o|', { o: okResponse({}) })], seen);
      sendFor(marbleConfig(transport))('GetItem', {}).subscribe();
      flush();
      sendFor(marbleConfig(transport))('GetItem', {}).subscribe();
    });
    expect(dates(seen)).toEqual(['19700101T000000Z', '19700101T010000Z', '19700101T000000Z']);
  });

  it('SigningClock: the offset is the server time minus local time; a skew under 4 minutes is left alone', () => {
    marbleScheduler().run(({ flush }) => {
      const clock = new SigningClock();
      expect(clock.correct('RequestTimeTooSkewed', 0, { date: new Date(239_000).toUTCString() })).toBe(false);
      expect(clock.offsetMs).toBe(0);
      expect(clock.correct('RequestTimeTooSkewed', 0, { date: new Date(-HOUR).toUTCString() })).toBe(true);
      // Only an IMF-fixdate with a four-digit year teaches: a date SigV4 cannot format, or loose text
      // Date.parse would take, once made the client sign with an invalid time and throw.
      for (const date of ['Sat, 13 Sep 275760 00:00:00 GMT', 'garbage 42', '1', '-271821-04-20T00:00:00Z', 'Mon, 01 Jan 10000 00:00:00 GMT']) {
        expect(new SigningClock().correct('RequestTimeTooSkewed', 0, { date })).toBe(false);
      }
      expect(clock.offsetMs).toBe(-HOUR);
      flush();
      expect(clock.now()).toBe(-HOUR);
    });
  });
});
