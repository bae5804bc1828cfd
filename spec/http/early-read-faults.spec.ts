import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import zlib from 'node:zlib';
import { forkJoin, lastValueFrom, tap, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAxiosTransport } from '../../src/http/axios-transport.js';
import { crc32 } from '../../src/http/checksum.js';
import type { DynamoDBRequest } from '../../src/http/types.js';
import { localClient } from '../support/local-client.js';

// The transport reads a body from the moment its headers are in: what it does when the body stops,
// stalls, lies about its length, or is cut in a gzip stream. Each ends the request with an error (never a
// response made of part of a body, never a hang), and the socket is not handed to the next request.

/** What the stand-in does with the next request. */
let answer: (res: http.ServerResponse, socket: Socket) => void;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res, req.socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
/** A transport of its own per test, so that no test meets a pooled socket an earlier one broke. */
let transport: ReturnType<typeof createAxiosTransport>;
beforeEach(() => {
  transport = createAxiosTransport({ maxSockets: 2 });
});

const request: DynamoDBRequest = {
  action: 'BatchGetItem',
  url: '',
  body: '{}',
  headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.BatchGetItem' },
};
const send = () => lastValueFrom(transport({ ...request, url }).pipe(toArray())).catch((e: unknown) => e as Error);
const BODY = Buffer.from(JSON.stringify({ Responses: { Users: [{ pk: { S: 'u1' } }] }, UnprocessedKeys: {} }));
const headersOf = (bytes: Buffer, extra: Record<string, string> = {}) => ({
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-crc32': String(crc32(bytes)),
  ...extra,
});

describe('the early body read meets a broken body', () => {
  it('the socket reset after half the body (content-length or chunked): a retryable NetworkError, not half a response', async () => {
    for (const chunked of [false, true]) {
      answer = (res, socket) => {
        res.writeHead(200, headersOf(BODY, chunked ? {} : { 'content-length': String(BODY.length) }));
        res.write(BODY.subarray(0, 20), () => setImmediate(() => socket.resetAndDestroy()));
      };
      const error = await send();
      expect(error, `chunked: ${chunked}`).toMatchObject({ name: 'NetworkError', retryable: true });
    }
  });

  it('the server closing after the headers, or after a body shorter than its content-length: an error, not an empty response', async () => {
    for (const sent of [0, 10]) {
      answer = (res, socket) => {
        res.writeHead(200, headersOf(BODY, { 'content-length': String(BODY.length) }));
        res.write(BODY.subarray(0, sent), () => setImmediate(() => socket.end()));
      };
      const error = await send();
      expect(error, `sent ${sent}`).toBeInstanceOf(Error);
      expect(error).toMatchObject({ retryable: true });
    }
  });

  it('a body longer than its content-length: the response is what the length says, checked against the checksum', async () => {
    answer = (_res, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/x-amz-json-1.0\r\nx-amz-crc32: ${crc32(BODY)}\r\ncontent-length: ${BODY.length - 5}\r\n\r\n`);
      socket.end(BODY);
    };
    const error = await send();
    expect(error).toMatchObject({ name: 'ChecksumError', retryable: true });
  });

  it('a gzip body cut short, its checksum right for the bytes sent: a MalformedResponseError', async () => {
    const gzip = zlib.gzipSync(BODY);
    const cut = gzip.subarray(0, gzip.length - 12);
    answer = (res) => {
      res.writeHead(200, headersOf(cut, { 'content-encoding': 'gzip', 'content-length': String(cut.length) }));
      res.end(cut);
    };
    const error = await send();
    expect(error).toMatchObject({ name: 'MalformedResponseError', retryable: true });
  });

  it('unsubscribing while the body trickles in destroys the socket: the next request gets a fresh one', async () => {
    let trickling: Socket | undefined;
    answer = (res, socket) => {
      trickling = socket;
      res.writeHead(200, headersOf(BODY, { 'content-length': String(BODY.length) }));
      res.write(BODY.subarray(0, 5));
    };
    const failures: unknown[] = [];
    const subscription = transport({ ...request, url }).subscribe({ error: (e: unknown) => failures.push(e) });
    const closed = new Promise<void>((resolve) => {
      const wait = () => (trickling ? trickling.once('close', () => resolve()) : setTimeout(wait, 5));
      wait();
    });
    const waitForSocket = async () => {
      while (!trickling) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await waitForSocket();
    subscription.unsubscribe();
    await closed;
    answer = (res) => {
      res.writeHead(200, headersOf(BODY, { 'content-length': String(BODY.length) }));
      res.end(BODY);
    };
    const [response] = (await send()) as unknown as { body: string }[];
    expect(response!.body).toBe(BODY.toString());
    expect(failures).toEqual([]);
  });
});

describe('a client whose BatchGetItem body stalls or breaks once', () => {
  /** Answers the next requests in turn: the broken answers first, then the whole body. */
  const inTurn = (...broken: ((res: http.ServerResponse, socket: Socket) => void)[]) => {
    let count = 0;
    answer = (res, socket) => {
      const next = broken[count++];
      if (next) return next(res, socket);
      res.writeHead(200, headersOf(BODY, { 'content-length': String(BODY.length) }));
      res.end(BODY);
    };
    return () => count;
  };

  it('a body that stops halfway past timeoutMs, then one reset mid-body: retried, the items come once', async () => {
    // The key schema first (DescribeTable), then the BatchGetItem answers.
    const schema = Buffer.from(
      JSON.stringify({ Table: { TableName: 'Users', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] } }),
    );
    const requests = inTurn(
      (res) => {
        res.writeHead(200, headersOf(schema, { 'content-length': String(schema.length) }));
        res.end(schema);
      },
      (res) => {
        res.writeHead(200, headersOf(BODY, { 'content-length': String(BODY.length) }));
        res.write(BODY.subarray(0, 20));
      },
      (res, socket) => {
        res.writeHead(200, headersOf(BODY, { 'content-length': String(BODY.length) }));
        res.write(BODY.subarray(0, 20), () => setImmediate(() => socket.resetAndDestroy()));
      },
    );
    const db = localClient(url, { autoBatchGets: true, timeoutMs: 300, retry: { baseDelayMs: 1 } });
    const emitted: unknown[] = [];
    const get = (pk: string) => db.getItem('Users', { pk }).pipe(tap((item) => emitted.push(item)));
    const found = await lastValueFrom(forkJoin([get('u1'), get('u2')]));
    expect(found).toEqual([{ pk: 'u1' }, undefined]);
    expect(emitted).toEqual([{ pk: 'u1' }, undefined]);
    expect(requests()).toBe(4);
  });
});
