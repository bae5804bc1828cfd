import { lastValueFrom, of, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import type { DynamoDBResponse, Transport } from '../../src/http/types.js';
import { errorResponse } from '../../src/testing/fixtures.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { pagedTable } from '../support/paged-transport.js';

const client = (transport: Transport, maxConcurrency = 100) =>
  new DynamoDB({ transport, maxConcurrency, maxRetries: 0, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

describe('parallel scan', () => {
  it('scans every segment, stamps each page with its segment, and keeps each segment in order', async () => {
    const table = pagedTable(3, (response) => of(response));
    const pages = await lastValueFrom(client(table.transport).scan('Table', { segments: 4 }).pipe(toArray()));
    expect(pages).toHaveLength(12);
    for (let segment = 0; segment < 4; segment++) {
      const own = pages.filter((page) => page.segment === segment).map((page) => page.items[0]!['pk']);
      expect(own).toEqual([`${segment}:0`, `${segment}:1`, `${segment}:2`]);
    }
    const bodies = table.requests;
    expect(new Set(bodies).size).toBe(12);
  });

  it('runs segments at once: 4 segments of 3 pages at 4 frames a page take 12 frames, not 48', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const table = pagedTable(3, (response) => cold('----(r|)', { r: response }));
      const done = client(table.transport).scan('Table', { segments: 4 }).pipe(toArray());
      expectObservable(done).toBe('------------(a|)', { a: expect.any(Array) });
    });
  });

  it('concurrency bounds the segments scanned at once', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const table = pagedTable(3, (response) => cold('----(r|)', { r: response }));
      const done = client(table.transport).scan('Table', { segments: 4, concurrency: 2 }).pipe(toArray());
      expectObservable(done).toBe('------------------------(a|)', { a: expect.any(Array) });
    });
  });

  it("the client's maxConcurrency still bounds requests in flight", () => {
    let inFlight = 0;
    let peak = 0;
    marbleScheduler().run(({ cold, expectObservable }) => {
      const table = pagedTable(2, (response) => {
        peak = Math.max(peak, ++inFlight);
        return cold<DynamoDBResponse>('----(r|)', { r: response }).pipe(tap({ complete: () => inFlight-- }));
      });
      const done = client(table.transport, 3).scan('Table', { segments: 8 }).pipe(toArray());
      // 16 requests, 3 at a time, 4 frames each: 6 rounds.
      expectObservable(done).toBe('------------------------(a|)', { a: expect.any(Array) });
    });
    expect(peak).toBe(3);
  });

  it('an error in one segment cancels the others and ends the stream with it', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold<DynamoDBResponse>('----------(r|)');
      const failing = cold('--(e|)', { e: errorResponse('ValidationException', 'bad segment') });
      const transport: Transport = (request) => (JSON.parse(request.body).Segment === 1 ? failing : slow);
      expectObservable(client(transport).scan('Table', { segments: 3 })).toBe('--#', undefined, expect.objectContaining({ name: 'ValidationException' }));
      expectSubscriptions(slow.subscriptions).toBe(['^-!', '^-!']);
    });
  });

  it('refuses segments with segment/totalSegments, and concurrency without segments', async () => {
    const db = client(() => of());
    await expect(lastValueFrom(db.scan('Table', { segments: 2, segment: 0, totalSegments: 2 }))).rejects.toMatchObject({ parameter: 'options.segments' });
    await expect(lastValueFrom(db.scan('Table', { concurrency: 2 }))).rejects.toMatchObject({ parameter: 'options.concurrency' });
    await expect(lastValueFrom(db.scan('Table', { segments: 0 }))).rejects.toMatchObject({ parameter: 'options.segments' });
    await expect(lastValueFrom(db.scan('Table', { segments: 2, concurrency: 3 }))).rejects.toMatchObject({ parameter: 'options.concurrency' });
  });
});
