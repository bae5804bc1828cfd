// A hostile (or merely verbose) endpoint that quotes the signed headers back in every way it can:
// JSON-quoted, spaced, URL-encoded in either hex case, escaped, upper-cased, in the error code, the
// request id and transaction cancellation reasons. The client blanks the literal session token and
// signature it sent, so none of it reaches an error, a report, a measurement or an attempt record.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, type Observable, type Subscription } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import type { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import type { AttemptRecord } from '../../src/instrumentation/attempt.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { views } from '../support/views.js';

// A session token as STS issues them: base64, so '/', '+' and '=' change under URL encoding.
const TOKEN = 'IQoJb3JpZ2luX2VjEHoaCXVz/ZWFzdC0xIkcwRQIhAKx+9fQ7mZ2/rxddbT0KEN+aBcD3==';
const CREDENTIALS = { accessKeyId: 'AKIDRXDDBECHO', secretAccessKey: 'SECRETrxddbecho0000000000000000000000000', sessionToken: TOKEN };
const signatures = new Set<string>();

/** Every form of `secret` the stand-in writes, and a few more, for the search. */
function forms(secret: string): string[] {
  const percent = (text: string): string => text.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return [
    secret,
    encodeURIComponent(secret),
    percent(secret),
    encodeURIComponent(encodeURIComponent(secret)),
    secret.replaceAll('/', '\\/'),
    secret.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    secret.replaceAll('+', ' '),
  ];
}

/** The error message of the stand-in: the signed headers quoted back in many encodings. */
function echo(request: IncomingMessage): string {
  const token = String(request.headers['x-amz-security-token']);
  const signature = /Signature=([0-9a-f]{64})/.exec(request.headers.authorization ?? '')?.[1] ?? 'none';
  signatures.add(signature);
  return [
    'The request signature we calculated does not match the signature you provided.',
    `Headers: {"X-Amz-Security-Token":"${token}","Signature":"${signature}"}`,
    `spaced: X-Amz-Security-Token = ${token} ; signature = ${signature}`,
    `query: ?X-Amz-Security-Token%3D${encodeURIComponent(token)}&X-Amz-Signature%3D${signature}`,
    `lower hex: ${encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())}`,
    `twice: ${encodeURIComponent(encodeURIComponent(token))}`,
    `upper: ${token.toUpperCase()} ${signature.toUpperCase()}`,
    `escaped: ${token.replaceAll('/', '\\/')} and ${token.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`,
    `form: ${token.replaceAll('+', ' ')}`,
    `bare: ${token} ${signature}`,
  ].join('\n');
}

/** Answers each action with a different error, each echoing the signed headers. */
function answer(request: IncomingMessage, body: string): { status: number; headers: Record<string, string>; body: object } {
  const action = String(request.headers['x-amz-target']).split('.')[1];
  const message = echo(request);
  const token = String(request.headers['x-amz-security-token']);
  switch (action) {
    case 'GetItem':
      return { status: 400, headers: {}, body: { __type: 'com.amazon.coral.service#InvalidSignatureException', message } };
    case 'PutItem': // the secret as the error code and as the request id
      return { status: 400, headers: { 'x-amzn-RequestId': token }, body: { __type: `com.amazon.coral.service#${token}`, Message: message } };
    case 'Query': // a retryable error: every attempt is recorded
      return { status: 500, headers: { 'x-amzn-RequestId': encodeURIComponent(token) }, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message } };
    case 'TransactWriteItems':
      return {
        status: 400,
        headers: {},
        body: {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          message,
          CancellationReasons: [{ Code: 'ConditionalCheckFailed', Message: message }, { Code: 'None' }],
          ThrottlingReasons: [{ reason: message, resource: token }],
        },
      };
    default:
      return { status: 400, headers: {}, body: { __type: 'com.amazon.coral.validate#ValidationException', message: `${message}\nbody: ${body}` } };
  }
}

/** The secrets any view of `value` shows, in any form, named; empty when it shows none. */
function leaks(value: unknown): string[] {
  const text = views(value).join('\n').toLowerCase();
  const found: string[] = [];
  for (const form of forms(TOKEN)) if (text.includes(form.toLowerCase())) found.push(`session token as ${form.slice(0, 12)}…`);
  for (const signature of signatures) if (text.includes(signature)) found.push(`signature ${signature.slice(0, 8)}…`);
  if (text.includes(CREDENTIALS.secretAccessKey.toLowerCase())) found.push('secret key');
  return found;
}

let server: Server;
let endpoint: string;
const measurements: Measurement[] = [];
const streamed: Measurement[] = [];
const attempts: AttemptRecord[] = [];
const reported: DynamoDBError[] = [];
const subscriptions: Subscription[] = [];
let db: DynamoDB;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { status, headers, body } = answer(request, Buffer.concat(chunks).toString('utf8'));
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', ...headers }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = new DynamoDB({
    endpoint,
    credentials: CREDENTIALS,
    env: {},
    maxRetries: 2,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    onMeasurement: (m) => measurements.push(m),
    onError: (e) => reported.push(e),
  });
  subscriptions.push(db.measurements$.subscribe((m) => streamed.push(m)), db.attempts$.subscribe((a) => attempts.push(a)));
});
afterAll(async () => {
  for (const subscription of subscriptions) subscription.unsubscribe();
  await new Promise((resolve) => server.close(resolve));
});

/** The error `call` fails with; fails the test when it succeeds. */
async function failure(call: Observable<unknown>): Promise<DynamoDBError> {
  const error = await lastValueFrom(call, { defaultValue: undefined }).then(
    () => undefined,
    (e: unknown) => e as DynamoDBError,
  );
  if (!error) throw new Error('expected the call to fail');
  return error;
}

describe('signed headers quoted back by the server never reach the error', () => {
  it('the search finds them in what the server sent (so that finding none below means something)', async () => {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem', 'x-amz-security-token': TOKEN, authorization: `Signature=${'ab'.repeat(32)}` } });
    const text = await response.text();
    expect(leaks(text)).toEqual(expect.arrayContaining(forms(TOKEN).map((form) => `session token as ${form.slice(0, 12)}…`)));
    expect(leaks(text)).toContain(`signature ${'ab'.repeat(4)}…`);
    signatures.delete('ab'.repeat(32));
  });

  it('InvalidSignatureException: its message keeps what is not secret', async () => {
    const error = await failure(db.getItem('Things', { id: 'a' }));
    expect(error.code).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/^GetItem: The request signature we calculated does not match/);
    expect(error.message).toContain('Headers: {"X-Amz-Security-Token":"[redacted]","Signature":"[redacted]"}');
    expect(error.message).toContain('spaced: X-Amz-Security-Token = [redacted] ; signature = [redacted]');
    expect(error.message).toContain('query: ?X-Amz-Security-Token%3D[redacted]&X-Amz-Signature%3D[redacted]');
    expect(leaks(error)).toEqual([]);
  });

  it('the secret as the error code and the request id', async () => {
    const error = await failure(db.putItem('Things', { id: 'a' }));
    expect(error.requestId).toBe('[redacted]');
    expect(leaks(error)).toEqual([]);
  });

  it('a retried 500: the final error and every attempt', async () => {
    const error = await failure(db.query('Things', { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 'a' } }));
    expect(error).toMatchObject({ code: 'InternalServerError', requestId: '[redacted]' });
    expect(attempts.filter((a) => a.action === 'Query')).toHaveLength(3);
    expect(leaks(error)).toEqual([]);
  });

  it('a cancelled transaction: its cancellation and throttling reasons', async () => {
    const error = await failure(db.transactWriteItems([{ put: { table: 'Things', item: { id: 'a' } } }, { put: { table: 'Things', item: { id: 'b' } } }]));
    expect(error.code).toBe('TransactionCanceledException');
    expect((error as DynamoDBError & { cancellationReasons: { message?: string }[] }).cancellationReasons[0]?.message).toContain('[redacted]');
    expect(leaks(error)).toEqual([]);
  });

  it('any other error, through execute', async () => {
    expect(leaks(await failure(db.execute('DescribeLimits', {})))).toEqual([]);
  });

  it('no measurement, attempt record or onError report shows them either', () => {
    expect(signatures.size).toBeGreaterThan(3);
    expect(measurements).toHaveLength(5);
    expect(streamed).toEqual(measurements);
    expect(attempts).toHaveLength(7);
    expect(reported).toHaveLength(5);
    for (const record of [...measurements, ...attempts, ...reported]) expect(leaks(record)).toEqual([]);
    expect(measurements.map((m) => m.error)).toEqual(['InvalidSignatureException', '[redacted]', 'InternalServerError', 'TransactionCanceledException', 'ValidationException']);
  });
});
