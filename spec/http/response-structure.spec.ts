import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { ResponseTooLargeError } from '../../src/errors/client-errors.js';
import { COUNT_CONTAINERS_ABOVE, MAX_RESPONSE_CONTAINERS } from '../../src/http/limits.js';
import { exceedsContainers } from '../../src/response/count-containers.js';

const MiB = 1024 * 1024;

/** The gzip body the stand-in endpoint answers every request with, and how many requests it got. */
let body: Buffer;
let requests = 0;
let server: http.Server;
let db: DynamoDB;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  db = new DynamoDB({ endpoint, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {}, maxRetries: 3, timeoutMs: 60_000 });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A Scan page of `count` items, each the JSON text `item`. */
function page(item: string, count: number): string {
  return `{"Items":[${Array.from({ length: count }, () => item).join(',')}],"Count":${count},"ScannedCount":${count}}`;
}

describe('response structure bound', () => {
  // First in the file: the peak resident memory of this worker is still that of a small process.
  it('refuses a gzip bomb of 14 million empty items (40 MiB inflated, ~40 KiB sent) before parsing it, once, with memory bounded', async () => {
    const text = page('{}', 14 * 1024 * 1024);
    expect(text.length).toBeGreaterThan(40 * MiB);
    body = zlib.gzipSync(text, { level: 9 });
    expect(body.length).toBeLessThan(256 * 1024);
    requests = 0;
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const error = await firstValueFrom(db.scan('Things')).catch((e: unknown) => e);
    const growth = process.resourceUsage().maxRSS * 1024 - before;
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ retryable: false, action: 'Scan', statusCode: 200, limitBytes: COUNT_CONTAINERS_ABOVE });
    expect((error as Error).message).toMatch(/^Scan: the response body holds more than 10000000 JSON objects and arrays/);
    expect(requests).toBe(1);
    // Parsed, 14 million objects would take well over a GiB; refused, what stays is the body (inflated and as text).
    expect(growth).toBeLessThan(400 * MiB);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('parses a large body of few containers: the count is a bound, not a size cap', async () => {
    const text = page(`{"id":{"S":"${'x'.repeat(64 * 1024)}"}}`, 160);
    expect(text.length).toBeGreaterThan(COUNT_CONTAINERS_ABOVE);
    body = zlib.gzipSync(text);
    const result = await firstValueFrom(db.scan('Things'));
    expect(result.items).toHaveLength(160);
  });
});

describe('exceedsContainers', () => {
  it('counts objects and arrays, not braces or brackets inside strings (escaped quotes included)', () => {
    expect(exceedsContainers('[{},[]]', 3)).toBe(false);
    expect(exceedsContainers('[{},[],{}]', 3)).toBe(true);
    expect(exceedsContainers('{"a":"{[{[\\"{[{["}', 1)).toBe(false);
    expect(exceedsContainers('{"a\\\\":{}}', 1)).toBe(true);
  });

  it('lets DynamoDB\'s densest real answer through: 16 MiB counted of lists of nulls, one object per 2 bytes', () => {
    expect(Math.ceil((16 * MiB) / 2)).toBeLessThan(MAX_RESPONSE_CONTAINERS);
  });
});
