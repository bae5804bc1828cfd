import { inspect } from 'node:util';
import { lastValueFrom, of, throwError, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { ResponseTooLargeError } from '../../src/errors/client-errors.js';
import type { DynamoDBRequest, DynamoDBResponse, Transport } from '../../src/http/types.js';
import type { AttemptRecord } from '../../src/instrumentation/attempt.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { okResponse } from '../../src/testing/fixtures.js';

const TOKEN = 'FwoGZXIvYXdzSESSIONTOKEN/abc+def==';
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: TOKEN };

/** The session token and the signature `request` carries, as a hostile server reads them. */
function secretsOf(request: DynamoDBRequest): { token: string; signature: string } {
  return { token: request.headers['X-Amz-Security-Token'] ?? '', signature: /Signature=(\w+)/.exec(request.headers['Authorization'] ?? '')?.[1] ?? '' };
}

/** A 200 response whose request id echoes the token, with `body`. */
function echoing(request: DynamoDBRequest, body: string): DynamoDBResponse {
  return { ...okResponse(), headers: { 'x-amzn-requestid': secretsOf(request).token }, body };
}

// Each row: a hostile answer to a GetItem (made from the request it answers), and the error class it becomes.
const ANSWERS: [string, (request: DynamoDBRequest) => Observable<DynamoDBResponse>, string][] = [
  ['a body that is not JSON', (request) => of(echoing(request, 'x')), 'MalformedResponseError'],
  ['an attribute named by the signature holding a wrong value', (request) => of(echoing(request, JSON.stringify({ Item: { [secretsOf(request).signature]: { S: 1 } } }))), 'MalformedResponseError'],
  ['an attribute named by the token holding a wrong value', (request) => of(echoing(request, JSON.stringify({ Item: { [secretsOf(request).token]: { N: 'x' } } }))), 'MalformedResponseError'],
  [
    'a transport error quoting both (as the default transport builds ResponseTooLargeError from the response)',
    (request) => {
      const { token, signature } = secretsOf(request);
      return throwError(() => new ResponseTooLargeError(`too large: ${signature}`, 1, { action: 'GetItem', requestId: token, statusCode: 200 }));
    },
    'ResponseTooLargeError',
  ],
];

describe('send: an attempt\'s errors are blanked of the request\'s secrets, whichever check built them', () => {
  it.each(ANSWERS)('%s', async (_, answer, name) => {
    const seen: DynamoDBRequest[] = [];
    const transport: Transport = (request) => (seen.push(request), answer(request));
    const measurements: Measurement[] = [];
    const attempts: AttemptRecord[] = [];
    const errors: unknown[] = [];
    const db = new DynamoDB({ env: {}, credentials: CREDENTIALS, maxRetries: 0, transport, onMeasurement: (m) => measurements.push(m), onError: (e) => errors.push(e) });
    db.attempts$.subscribe((a) => attempts.push(a));
    const error = await lastValueFrom(db.getItem('Things', { id: 'a' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name });
    expect(errors).toEqual([error]);
    const { signature } = secretsOf(seen[0]!);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    const e = error as Error & { code: string; requestId?: string };
    const views = [e.message, e.code, e.requestId ?? '', JSON.stringify(e), inspect(e, { depth: 5 }), e.stack ?? '', JSON.stringify(measurements), inspect(attempts, { depth: 5 })];
    for (const view of views) {
      expect(view).not.toContain(signature);
      expect(view).not.toContain('SESSIONTOKEN'); // the token, in any of the forms the redactor knows
    }
    expect(`${e.message} ${e.requestId}`).toContain('[redacted]');
  });
});
