import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { firstValueFrom, lastValueFrom, map, range, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { DynamoDB } from '../../src/client.js';
import type { DynamoDBOptions } from '../../src/config/options.js';
import type { DynamoDBError } from '../../src/errors/dynamodb-error.js';
import { signRequest } from '../../src/call/sign.js';
import { eventually } from '../support/eventually.js';
import type { FaultKind } from '../support/fault-proxy.js';
import { tableDefinition, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';
import { views } from '../support/views.js';

// Recognisable credentials (alphanumeric: DynamoDB Local takes nothing else), and every Signature= value the
// client sent, collected where the requests arrive.
const ACCESS_KEY = 'AKIDRXDDBSECURITYTEST';
const SECRET = 'SECRETrxddb7f3a91c0ffee5ecret0000000000';
const TOKEN = 'TOKENrxddb9c1d27fade5e55i0nt0ken0000000';
const CREDENTIALS = { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET, sessionToken: TOKEN };
const signatures = new Set<string>();
const collect = (headers: IncomingHttpHeaders): void => {
  const signature = /Signature=([0-9a-f]{64})/.exec(headers.authorization ?? '')?.[1];
  if (signature) signatures.add(signature);
};

/** The secrets a view shows, named; empty when it shows none. */
function leaks(value: unknown): string[] {
  const text = views(value).join('\n');
  const found: string[] = [SECRET, TOKEN].filter((secret) => text.includes(secret)).map((secret) => (secret === SECRET ? 'secret key' : 'session token'));
  for (const signature of signatures) if (text.includes(signature)) found.push(`signature ${signature.slice(0, 8)}…`);
  return found;
}

const { server, proxy } = useFaultProxy({ onRequest: collect });
const { proxy: localProxy } = useFaultProxy({ server: () => Promise.resolve(dynamodbLocal()), onRequest: collect });
const table = uniqueTableName('Secrets');
const measurements: Measurement[] = [];
const reported: DynamoDBError[] = [];

/**
 * How long an attempt waits: a loaded machine answers an ordinary request well within it (with 300 ms,
 * a slow answer failed a case with DynamoDBTimeoutError instead of the fault it scripted), and the `delay`
 * fault holds its answer far longer ({@link HELD_MS}; released when the client aborts).
 */
const TIMEOUT_MS = 3_000;
const HELD_MS = 30_000;
/** For the tables this file creates and deletes (CreateTable on DynamoDB Local can take seconds under load). */
const PATIENT = { timeoutMs: 60_000, maxRetries: 3 };

/** A client with the recognisable credentials; everything it measures or reports is kept for inspection. */
function client(endpoint: string, options: DynamoDBOptions = {}): DynamoDB {
  return new DynamoDB({
    endpoint,
    credentials: CREDENTIALS,
    env: {},
    maxRetries: 0,
    timeoutMs: TIMEOUT_MS,
    onMeasurement: (m) => measurements.push(m),
    onError: (e) => reported.push(e),
    ...options,
  });
}

/** The error `call` fails with; fails the test when it succeeds. */
async function failure(call: Observable<unknown>): Promise<DynamoDBError> {
  const outcome = await lastValueFrom(call, { defaultValue: undefined }).then(
    () => undefined,
    (error: unknown) => error as DynamoDBError,
  );
  if (!outcome) throw new Error('expected the call to fail');
  // Let requests the failure cancelled reach the proxy before the next fault is scripted.
  await eventually(() => proxy.openRequests() === 0 && localProxy.openRequests() === 0, 'cancelled requests to close');
  return outcome;
}

beforeAll(async () => {
  const direct = client(server.endpoint, PATIENT);
  await firstValueFrom(direct.createTable(tableDefinition(table)));
  await firstValueFrom(direct.putItem(table, { pk: 'a', n: 1 }));
  await firstValueFrom(client(dynamodbLocal().endpoint, PATIENT).createTable(tableDefinition(table)));
});
afterAll(async () => {
  await firstValueFrom(client(dynamodbLocal().endpoint, PATIENT).deleteTable(table));
});

describe('no error, measurement or report shows the secret key, the session token or a signature', () => {
  const get = () => client(proxy.endpoint).getItem(table, { pk: 'a' });

  it('the detector finds them in what the HTTP layer itself throws (why the client never keeps it)', async () => {
    const headers = signRequest({ url: proxy.endpoint, host: new URL(proxy.endpoint).host }, 'us-east-1', 'GetItem', '{}', CREDENTIALS, Date.now());
    collect({ authorization: headers['Authorization'] });
    proxy.script({ kind: 'reset-before' });
    const raw = await axios.post(proxy.endpoint, '{}', { headers }).catch((e: unknown) => e);
    expect(leaks(raw)).toEqual(expect.arrayContaining(['session token', expect.stringMatching(/^signature/)]));
  });

  const faults: [FaultKind, string][] = [
    ['throttle', 'ProvisionedThroughputExceededException'],
    ['throttling-exception', 'ThrottlingException'],
    ['http500', 'InternalServerError'],
    ['http503', 'HTTP503'],
    ['unknown-error', 'SomethingNewException'],
    ['reset-before', 'NetworkError'],
    ['reset-after', 'NetworkError'],
    ['reset-mid-body', 'NetworkError'],
    ['truncate', 'NetworkError'],
    ['delay', 'DynamoDBTimeoutError'],
    ['bad-crc', 'ChecksumError'],
    ['malformed-json', 'MalformedResponseError'],
  ];
  for (const [kind, code] of faults) {
    it(`${code} (${kind})`, async () => {
      proxy.script({ kind, delayMs: HELD_MS });
      const error = await failure(get());
      expect(error.code).toBe(code);
      expect(leaks(error)).toEqual([]);
    });
  }

  it('a network error from a refused connection (axios error with the signed headers in its config)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(client(`http://127.0.0.1:${port}`).getItem(table, { pk: 'a' }));
    expect(error).toMatchObject({ code: 'NetworkError', cause: { code: 'ECONNREFUSED' } });
    expect(leaks(error)).toEqual([]);
  });

  it('service errors of the server itself: ResourceNotFound, Validation, ConditionalCheckFailed', async () => {
    const db = client(proxy.endpoint);
    const errors = [
      await failure(db.getItem('NoSuchTable', { pk: 'a' })),
      await failure(db.getItem(table, { pk: 'a', extra: 1 })),
      await failure(db.putItem(table, { pk: 'a' }, { conditionExpression: 'attribute_not_exists(pk)', returnValuesOnConditionCheckFailure: 'ALL_OLD' })),
    ];
    expect(errors.map((e) => e.code)).toEqual(['ResourceNotFoundException', 'ValidationException', 'ConditionalCheckFailedException']);
    for (const error of errors) expect(leaks(error)).toEqual([]);
  });

  it('a page of a scan that fails after the first ones', async () => {
    const db = client(proxy.endpoint);
    await lastValueFrom(db.batchWriteItem({ [table]: Array.from({ length: 30 }, (_, n) => ({ put: { pk: `s${n}` } })) }));
    proxy.script({ kind: 'bad-crc', action: 'Scan' });
    proxy.script({ kind: 'http500', action: 'Scan' });
    const error = await failure(db.scan(table, { limit: 5 }));
    expect(leaks(error)).toEqual([]);
  });

  it('batch errors whose cause is a network, checksum or timeout error, and a batch given up as unprocessed', async () => {
    const db = client(proxy.endpoint);
    // 20 writes: one request each, so no cancelled request can reach the proxy late and take the next fault.
    const writes = (prefix: string) => Array.from({ length: 20 }, (_, n) => ({ put: { pk: `${prefix}${n}` } }));
    proxy.script({ kind: 'reset-before', action: 'BatchWriteItem' });
    const network = await failure(db.batchWriteItem({ [table]: writes('w') }));
    proxy.script({ kind: 'bad-crc', action: 'BatchWriteItem' });
    const checksum = await failure(range(0, 20).pipe(map((n) => ({ put: { pk: `b${n}` } })), db.bulkWrite(table)));
    proxy.script({ kind: 'delay', action: 'BatchGetItem', delayMs: HELD_MS });
    const timeout = await failure(db.batchGetItem({ [table]: { keys: [{ pk: 'a' }] } }));
    proxy.script({ kind: 'unprocessed', action: 'BatchGetItem' }, { kind: 'unprocessed', action: 'BatchGetItem' });
    const unprocessed = await failure(db.batchGetItem({ [table]: { keys: [{ pk: 'a' }] } }));
    expect([network, checksum, timeout].map((e) => [e.code, (e.cause as DynamoDBError).code])).toEqual([
      ['BatchIncompleteError', 'NetworkError'],
      ['BatchIncompleteError', 'ChecksumError'],
      ['BatchIncompleteError', 'DynamoDBTimeoutError'],
    ]);
    expect(unprocessed).toMatchObject({ code: 'BatchIncompleteError', throttling: true });
    expect(unprocessed.cause).toBeUndefined();
    for (const error of [network, checksum, timeout, unprocessed]) expect(leaks(error)).toEqual([]);
  });

  it('a cancelled transaction and a transaction that met a reset, on DynamoDB Local', async () => {
    // DynamoDB Local (Java) can take seconds on a busy machine; these cases script their faults.
    const db = client(localProxy.endpoint, { timeoutMs: 30_000 });
    const cancelled = await failure(
      db.transactWriteItems([{ conditionCheck: { table, key: { pk: 'missing' }, conditionExpression: 'attribute_exists(pk)' } }, { put: { table, item: { pk: 'tx' } } }]),
    );
    localProxy.script({ kind: 'reset-before', action: 'TransactWriteItems' });
    const reset = await failure(db.transactWriteItems([{ put: { table, item: { pk: 'tx' } } }]));
    expect([cancelled.code, reset.code]).toEqual(['TransactionCanceledException', 'NetworkError']);
    for (const error of [cancelled, reset]) expect(leaks(error)).toEqual([]);
  });

  it("a service that echoes the canonical request, session token included, in its InvalidSignatureException", async () => {
    const echo = await signatureEchoServer();
    const error = await failure(client(echo.endpoint).getItem(table, { pk: 'a' }));
    await new Promise((resolve) => echo.server.close(resolve));
    expect(error.code).toBe('InvalidSignatureException');
    expect(error.message).toMatch(/x-amz-security-token:\[redacted\]/);
    expect(error.message).toMatch(/The String-to-Sign should have been/);
    expect(leaks(error)).toEqual([]);
  });

  it('every measurement and every onError report, and the client itself', () => {
    // Identical requests signed in the same second share a signature, so there are fewer than requests.
    expect(signatures.size).toBeGreaterThan(10);
    expect(measurements.length).toBeGreaterThan(20);
    expect(reported.length).toBeGreaterThan(20);
    for (const measurement of measurements) expect(leaks(measurement)).toEqual([]);
    for (const error of reported) expect(leaks(error)).toEqual([]);
    expect(leaks(client(proxy.endpoint))).toEqual([]);
  });
});

/**
 * A stand-in for an AWS service that answers every request as AWS answers a signature mismatch: an
 * InvalidSignatureException whose message quotes the canonical request it computed, signed headers and
 * their values (the session token among them) included.
 */
async function signatureEchoServer(): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((request, response) => {
    collect(request.headers);
    const signed = ['content-type', 'host', 'x-amz-date', 'x-amz-security-token', 'x-amz-target'];
    const canonical = ['POST', '/', '', ...signed.map((name) => `${name}:${String(request.headers[name])}`), '', signed.join(';'), 'e3b0c442'].join('\n');
    const message =
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
      `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
      "The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/us-east-1/dynamodb/aws4_request\n9d1b'\n";
    const body = JSON.stringify({ __type: 'com.amazon.coral.service#InvalidSignatureException', message });
    request.resume();
    response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
