import { concatMap, lastValueFrom, of, tap, toArray, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import { pagedTable } from '../support/paged-transport.js';

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const client = (transport: Transport) => new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

/**
 * Scans `pages` pages per segment (each answered after 1 frame) through a handler that takes 10
 * frames, and returns the most pages ever fetched but not yet handled.
 */
function peakUnhandled(pages: number, run: (db: DynamoDB, handler: () => Observable<string>) => Observable<unknown>): { peak: number; handled: number } {
  let fetched = 0;
  let handled = 0;
  let peak = 0;
  scheduler().run(({ cold }) => {
    const table = pagedTable(pages, (response) => {
      fetched++;
      peak = Math.max(peak, fetched - handled);
      return cold('-(r|)', { r: response });
    });
    const handler = () => cold('----------(h|)', { h: 'done' }).pipe(tap({ complete: () => handled++ }));
    run(client(table.transport), handler).subscribe();
  });
  return { peak, handled };
}

describe('paced consumption (credit-gated paging)', () => {
  it('keeps at most prefetch + 1 pages fetched but not handled, whatever the table size', () => {
    for (const prefetch of [0, 1, 3]) {
      const result = peakUnhandled(200, (db, handler) => db.scanPaced('Table', {}, handler, { prefetch }));
      expect(result).toEqual({ peak: prefetch + 1, handled: 200 });
    }
  });

  it('with concurrency, at most prefetch + concurrency pages', () => {
    const result = peakUnhandled(200, (db, handler) => db.scanPaced('Table', {}, handler, { prefetch: 2, concurrency: 3 }));
    expect(result).toEqual({ peak: 5, handled: 200 });
  });

  it('shares one credit pool across the segments of a parallel scan', () => {
    const result = peakUnhandled(50, (db, handler) => db.scanPaced('Table', { segments: 4 }, handler, { prefetch: 1 }));
    expect(result).toEqual({ peak: 2, handled: 200 });
  });

  it('whereas a plain scan with a slow concatMap fetches everything ahead of the handler', () => {
    const result = peakUnhandled(200, (db, handler) => db.scan('Table').pipe(concatMap(handler)));
    expect(result.peak).toBeGreaterThan(150);
  });

  it('emits the handler results in page order', async () => {
    const table = pagedTable(5, (response) => of(response));
    const results = await lastValueFrom(client(table.transport).queryPaced('Table', { keyConditionExpression: 'pk = :p' }, (page) => Promise.resolve(page.items[0]!['pk']), { prefetch: 2 }).pipe(toArray()));
    expect(results).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4']);
  });

  it('refuses bad pacing options before fetching', async () => {
    const table = pagedTable(5, (response) => of(response));
    const db = client(table.transport);
    for (const [pacing, parameter] of [[{ prefetch: -1 }, 'pacing.prefetch'], [{ concurrency: 0 }, 'pacing.concurrency']] as const) {
      const error = await lastValueFrom(db.scanPaced('Table', {}, () => of(1), pacing)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as InvalidParameterError).parameter).toBe(parameter);
    }
    expect(table.requests).toEqual([]);
  });
});
