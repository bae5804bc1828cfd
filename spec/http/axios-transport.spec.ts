import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAxiosTransport } from '../../src/http/axios-transport.js';
import { crc32 } from '../../src/http/checksum.js';
import type { DynamoDBRequest } from '../../src/http/types.js';

/** What the stand-in server answers next, and what it saw. */
let answer: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
const closedEarly: number[] = [];
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body });
      res.on('close', () => {
        if (!res.writableFinished) closedEarly.push(received.length);
      });
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  closedEarly.length = 0;
});

const transport = createAxiosTransport({ maxSockets: 4 });
const request = (body = '{"TableName":"T"}'): DynamoDBRequest => ({
  action: 'GetItem',
  url,
  body,
  headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem', Authorization: 'AWS4-HMAC-SHA256 test' },
});

function reply(res: http.ServerResponse, status: number, body: Buffer | string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-crc32': String(crc32(bytes)), 'content-length': String(bytes.length), ...headers });
  res.end(bytes);
}

describe('axios transport', () => {
  it('sends the exact signed text with its headers and hands back status, headers and body', async () => {
    answer = (_req, res) => reply(res, 200, '{"Item":{"id":{"S":"ü"}}}', { 'x-amzn-requestid': 'R1' });
    const body = '{"TableName":"T","Key":{"id":{"S":"ü"}}}';
    const response = await firstValueFrom(transport(request(body)));
    expect(received[0]!.body).toBe(body);
    expect(received[0]!.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(received[0]!.headers['authorization']).toBe('AWS4-HMAC-SHA256 test');
    expect(received[0]!.headers['connection']).toBe('keep-alive');
    expect(response).toMatchObject({ statusCode: 200, body: '{"Item":{"id":{"S":"ü"}}}' });
    expect(response.headers['x-amzn-requestid']).toBe('R1');
  });

  it('hands back error statuses as responses, and does not follow redirects', async () => {
    answer = (_req, res) => reply(res, 400, '{"__type":"#ValidationException","message":"bad"}');
    expect((await firstValueFrom(transport(request()))).statusCode).toBe(400);
    answer = (_req, res) => reply(res, 307, '', { location: 'http://127.0.0.1:1/' });
    expect((await firstValueFrom(transport(request()))).statusCode).toBe(307);
    expect(received).toHaveLength(2);
  });

  it('fails with a retryable ChecksumError when x-amz-crc32 does not match the raw bytes', async () => {
    answer = (_req, res) => reply(res, 200, '{"Count":1}', { 'x-amz-crc32': '12345' });
    const error = await firstValueFrom(transport(request())).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ChecksumError', retryable: true, statusCode: 200 });
  });

  it('verifies the checksum on the compressed bytes, then gunzips', async () => {
    const gzipped = zlib.gzipSync('{"Count":2}');
    answer = (_req, res) => reply(res, 200, gzipped, { 'content-encoding': 'gzip' });
    expect((await firstValueFrom(transport(request()))).body).toBe('{"Count":2}');
  });

  it('accepts a response without x-amz-crc32', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{}');
    };
    expect((await firstValueFrom(transport(request()))).body).toBe('{}');
  });

  it('aborts the request in flight when unsubscribed', async () => {
    answer = () => undefined; // never answers
    const subscription = transport(request()).subscribe();
    await new Promise((resolve) => setTimeout(resolve, 50));
    subscription.unsubscribe();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toEqual([1]);
  });

  it('maps a connection refused to a retryable NetworkError without leaking headers', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = (await lastValueFrom(transport({ ...request(), url: `http://127.0.0.1:${port}/` })).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ name: 'NetworkError', code: 'NetworkError', retryable: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify(error) + String(error.stack) + String((error.cause as Error).stack)).not.toMatch(/AWS4-HMAC-SHA256/);
  });
});
