import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { ResponseTooLargeError } from '../../src/errors/client-errors.js';
import { createAxiosTransport } from '../../src/http/axios-transport.js';
import { crc32 } from '../../src/http/checksum.js';
import { MAX_RESPONSE_BYTES } from '../../src/http/limits.js';
import type { DynamoDBRequest } from '../../src/http/types.js';

const MiB = 1024 * 1024;
/** Where the endless body stops anyway, so that a client without a cap fails these specs rather than the machine. */
const SAFETY_STOP = 1024 * MiB;
/** What the client may hold at most: the cap, plus headroom for sockets, JSON and the test runner's own churn. */
const MEMORY_BOUND = MAX_RESPONSE_BYTES + 256 * MiB;

/** How the stand-in endpoint answers the next request, and how many body bytes it got out before the client hung up. */
let answer: (res: http.ServerResponse) => void;
let sentBeforeClose: Promise<number>;
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => answer(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Writes `chunk` again and again, as fast as the client reads, until it hangs up (or the safety stop). */
function endless(res: http.ServerResponse, headers: http.OutgoingHttpHeaders = {}): void {
  const chunk = Buffer.alloc(256 * 1024, 0x20);
  let sent = 0;
  sentBeforeClose = new Promise((resolve) => res.on('close', () => resolve(sent)));
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', ...headers });
  const pump = (): void => {
    while (sent < SAFETY_STOP && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

/** A gzip body of `megabytes` MiB of zeros: gzip members of 1 MiB each, about 1 KB apiece on the wire. */
function gzipBomb(megabytes: number): Buffer {
  const member = zlib.gzipSync(Buffer.alloc(MiB), { level: 9 });
  return Buffer.concat(Array.from({ length: megabytes }, () => member));
}

const transport = createAxiosTransport({ maxSockets: 2 });
const request: DynamoDBRequest = {
  action: 'Scan',
  url: '',
  body: '{"TableName":"T"}',
  headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.Scan', Authorization: 'AWS4-HMAC-SHA256 test' },
};
const send = () => firstValueFrom(transport({ ...request, url })).catch((error: unknown) => error);

/** The growth of the process's peak resident memory while `run` runs (the peak is kept by the OS; no sampling). */
async function peakGrowth(run: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage().rss;
  await run();
  return process.resourceUsage().maxRSS * 1024 - before;
}

describe('response size cap', () => {
  // First in the file: the peak resident memory of this worker is still that of a small process.
  it('stops reading an endless body at the cap, with memory bounded', async () => {
    answer = (res) => endless(res);
    let error: unknown;
    const growth = await peakGrowth(async () => {
      error = await send();
    });
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ code: 'ResponseTooLargeError', retryable: false, action: 'Scan', statusCode: 200, limitBytes: MAX_RESPONSE_BYTES });
    expect((error as Error).message).toMatch(/raw response body passed 134217728 bytes/);
    // The client hung up at the cap: the endpoint got out the cap plus what socket buffers hold, no more.
    expect(await sentBeforeClose).toBeLessThan(MAX_RESPONSE_BYTES + 32 * MiB);
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('stops gunzipping a gzip bomb (2 MB on the wire, 2 GiB inflated) at the cap, with memory bounded', async () => {
    const bomb = gzipBomb(2048);
    expect(bomb.length).toBeLessThan(4 * MiB);
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-encoding': 'gzip', 'content-length': bomb.length, 'x-amz-crc32': String(crc32(bomb)) });
      res.end(bomb);
    };
    let error: unknown;
    const growth = await peakGrowth(async () => {
      error = await send();
    });
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as Error).message).toMatch(/decompressed response body passed 134217728 bytes/);
    expect(growth).toBeLessThan(MEMORY_BOUND);
  });

  it('fails at once on a Content-Length past the cap, reading none of the body', async () => {
    answer = (res) => endless(res, { 'content-length': String(10 * 1024 * MiB) });
    expect(await send()).toBeInstanceOf(ResponseTooLargeError);
    expect(await sentBeforeClose).toBeLessThan(32 * MiB);
  });

  it('reads a body just under the cap', async () => {
    const body = Buffer.concat([Buffer.from('{"Items":[],"Pad":"'), Buffer.alloc(MAX_RESPONSE_BYTES - 64, 0x61), Buffer.from('"}')]);
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': body.length });
      res.end(body);
    };
    const response = await send();
    expect(response).toMatchObject({ statusCode: 200 });
    expect((response as { body: string }).body).toHaveLength(body.length);
  });

  it('is not retried: the client sends the call once and fails with the error', async () => {
    let requests = 0;
    answer = (res) => {
      requests++;
      endless(res);
    };
    const db = new DynamoDB({ endpoint: url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, maxRetries: 3 });
    const error = await firstValueFrom(db.getItem('Table', { id: 'x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(requests).toBe(1);
  });
});
