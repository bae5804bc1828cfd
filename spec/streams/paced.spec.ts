import { concatMap, lastValueFrom, of, tap, toArray, type Observable } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import type { Transport } from '../../src/http/types.js';
import type { Page } from '../../src/streams/page.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { pagedTable } from '../support/paged-transport.js';

const client = (transport: Transport) => new DynamoDB({ transport, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, env: {} });

/**
 * Scans `pages` pages per segment (each answered after 1 frame) through a handler that takes 10
 * frames, and returns the most pages ever fetched but not yet handled (and the requests, as `segment:page`).
 */
function peakUnhandled(pages: number, run: (db: DynamoDB, handler: () => Observable<string>) => Observable<unknown>): { peak: number; handled: number; requests: string[] } {
  let requests: string[] = [];
  let fetched = 0;
  let handled = 0;
  let peak = 0;
  marbleScheduler().run(({ cold }) => {
    const table = pagedTable(pages, (response) => {
      fetched++;
      peak = Math.max(peak, fetched - handled);
      return cold('-(r|)', { r: response });
    });
    const handler = () => cold('----------(h|)', { h: 'done' }).pipe(tap({ complete: () => handled++ }));
    run(client(table.transport), handler).subscribe();
    requests = table.requests;
  });
  return { peak, handled, requests };
}

describe('paced consumption (credit-gated paging)', () => {
  it('keeps at most prefetch + 1 pages fetched but not handled, whatever the table size', () => {
    for (const prefetch of [0, 1, 3]) {
      const result = peakUnhandled(200, (db, handler) => db.scanPaced('Table', { pacing: { prefetch } }, handler));
      expect(result).toMatchObject({ peak: prefetch + 1, handled: 200 });
    }
  });

  it('with concurrency, at most prefetch + concurrency pages', () => {
    const result = peakUnhandled(200, (db, handler) => db.scanPaced('Table', { pacing: { prefetch: 2, concurrency: 3 } }, handler));
    expect(result).toMatchObject({ peak: 5, handled: 200 });
  });

  it('shares one credit pool across the segments of a parallel scan', () => {
    const result = peakUnhandled(50, (db, handler) => db.scanPaced('Table', { segments: 4, pacing: { prefetch: 1 } }, handler));
    expect(result).toMatchObject({ peak: 2, handled: 200 });
  });

  it("keeps pacing's concurrency (pages handled at once) apart from the scan's (segments scanned at once)", () => {
    const { peak, handled, requests } = peakUnhandled(5, (db, handler) => db.scanPaced('Table', { segments: 3, concurrency: 1, pacing: { prefetch: 0, concurrency: 2 } }, handler));
    expect({ peak, handled }).toEqual({ peak: 2, handled: 15 });
    expect(requests).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '1:0', '1:1', '1:2', '1:3', '1:4', '2:0', '2:1', '2:2', '2:3', '2:4']);
  });

  it('takes the handler right after the table when there are no options', () => {
    const result = peakUnhandled(20, (db, handler) => db.scanPaced('Table', handler));
    expect(result).toMatchObject({ peak: 2, handled: 20 });
  });

  it('whereas a plain scan with a slow concatMap fetches everything ahead of the handler', () => {
    const result = peakUnhandled(200, (db, handler) => db.scan('Table').pipe(concatMap(handler)));
    expect(result.peak).toBeGreaterThan(150);
  });

  it('emits the handler results in page order', async () => {
    const table = pagedTable(5, (response) => of(response));
    const results = await lastValueFrom(client(table.transport).queryPaced('Table', { keyConditionExpression: 'pk = :p', pacing: { prefetch: 2 } }, (page) => Promise.resolve(page.items[0]!['pk'])).pipe(toArray()));
    expect(results).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4']);
  });

  it('refuses bad pacing options before fetching', async () => {
    const table = pagedTable(5, (response) => of(response));
    const db = client(table.transport);
    for (const [pacing, parameter] of [[{ prefetch: -1 }, 'options.pacing.prefetch'], [{ concurrency: 0 }, 'options.pacing.concurrency']] as const) {
      const error = await lastValueFrom(db.scanPaced('Table', { pacing }, () => of(1))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as InvalidParameterError).parameter).toBe(parameter);
    }
    expect(table.requests).toEqual([]);
  });
});

describe('the paced forms take (table, options, handler), scanPaced also (table, handler)', () => {
  const db = client(pagedTable(1, (response) => of(response)).transport);
  const handler = (page: Page<{ id: string }>) => of(page.count);

  it('type the options with their pacing, and nothing after the handler', () => {
    expectTypeOf(db.scanPaced('T', handler)).toEqualTypeOf<Observable<number>>();
    expectTypeOf(db.scanPaced('T', { segments: 2, concurrency: 1, pacing: { prefetch: 2, concurrency: 4 } }, handler)).toEqualTypeOf<Observable<number>>();
    expectTypeOf(db.queryPaced('T', { keyConditionExpression: 'pk = :p', pacing: { prefetch: 0 } }, handler)).toEqualTypeOf<Observable<number>>();
    // @ts-expect-error: no positional undefined
    void db.scanPaced('T', undefined, handler);
    // @ts-expect-error: pacing is an option, not a fourth argument
    void db.scanPaced('T', {}, handler, { prefetch: 2 });
    // @ts-expect-error: pacing is an option, not a fourth argument
    void db.queryPaced('T', { keyConditionExpression: 'pk = :p' }, handler, { prefetch: 2 });
    // @ts-expect-error: a query needs its options
    void db.queryPaced('T', handler);
    // @ts-expect-error: a misspelled pacing option
    void db.scanPaced('T', { pacing: { prefech: 2 } }, handler);
  });
});
