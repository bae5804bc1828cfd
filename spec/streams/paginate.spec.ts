import { of, take, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/streams/paginate.js';
import { marbleScheduler } from '../support/marble-scheduler.js';


/** What a walker says of its call: the action and its cursor's field, for the error when pages loop. */
const QUERY = { action: 'Query', cursorName: 'LastEvaluatedKey' };

interface FakePage {
  n: number;
  next?: number;
}

describe('paginate', () => {
  it('requests each page after the previous one, and completes after the last', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const pages = [cold('-a|', { a: { n: 0, next: 1 } }), cold('--b|', { b: { n: 1, next: 2 } }), cold('-c|', { c: { n: 2 } })];
      const stream = paginate<FakePage, number>({ ...QUERY, fetch: (cursor) => pages[cursor ?? 0]!, next: (page) => page.next });
      expectObservable(stream).toBe('-a--b-c|', { a: { n: 0, next: 1 }, b: { n: 1, next: 2 }, c: { n: 2 } });
      expectSubscriptions(pages[0]!.subscriptions).toBe('^-!');
      expectSubscriptions(pages[1]!.subscriptions).toBe('--^--!');
      expectSubscriptions(pages[2]!.subscriptions).toBe('-----^-!');
    });
  });

  it('sends exactly three requests under take(3)', () => {
    let requests = 0;
    const stream = paginate<FakePage, number>({
      ...QUERY,
      fetch: (cursor = 0) => {
        requests++;
        return of({ n: cursor, next: cursor + 1 });
      },
      next: (page) => page.next,
    });
    const seen: number[] = [];
    stream.pipe(take(3)).subscribe((page) => seen.push(page.n));
    expect(seen).toEqual([0, 1, 2]);
    expect(requests).toBe(3);
  });

  it('unsubscribing aborts the page in flight', () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const first = cold('-a|', { a: { n: 0, next: 1 } });
      const second = cold('-----b|', { b: { n: 1 } });
      const stream = paginate<FakePage, number>({ ...QUERY, fetch: (cursor) => (cursor === undefined ? first : second), next: (page) => page.next });
      expectObservable(stream, '^----!').toBe('-a---', { a: { n: 0, next: 1 } });
      expectSubscriptions(second.subscriptions).toBe('--^--!');
    });
  });

  it('errors instead of looping when the same cursor comes back twice', () => {
    const stream = paginate<FakePage, number>({ ...QUERY, fetch: () => of({ n: 0, next: 7 }), next: (page) => page.next });
    const seen: number[] = [];
    let error: unknown;
    stream.subscribe({ next: (page) => seen.push(page.n), error: (e: unknown) => (error = e) });
    expect(seen).toEqual([0, 0]);
    expect(error).toMatchObject({
      code: 'RepeatedLastEvaluatedKey',
      action: 'Query',
      retryable: false,
      message: 'Query: the server returned a LastEvaluatedKey it had returned before: its pages loop; stopping instead of looping forever',
    });
  });

  it('errors when the cursors alternate A, B, A, B (each differs from the one before it)', () => {
    marbleScheduler().run(({ cold, expectObservable }) => {
      const after: Record<string, string> = { start: 'A', A: 'B', B: 'A' };
      let fetched = 0;
      // Past 10 pages the fake ends the stream, so that a client without the check fails rather than hangs.
      const stream = paginate<{ at: string; next: string }, string>({
        ...QUERY,
        fetch: (cursor = 'start') => cold('-p|', { p: { at: cursor, next: after[cursor]! } }),
        next: (page) => (++fetched > 10 ? undefined : page.next),
      });
      const error = expect.objectContaining({ code: 'RepeatedLastEvaluatedKey', message: expect.stringMatching(/^Query: the server returned a LastEvaluatedKey it had returned before: /) });
      expectObservable(stream).toBe('-a-b-c#', { a: { at: 'start', next: 'A' }, b: { at: 'A', next: 'B' }, c: { at: 'B', next: 'A' } }, error);
    });
  });

  it('catches a longer loop after a run of new cursors within a small multiple of its length, remembering one cursor', () => {
    // Cursors 1, 2, ..., 40, then 21 .. 40 again and again: 20 fresh ones, then a loop of 20.
    let fetched = 0;
    const stream = paginate<FakePage, number>({
      ...QUERY,
      fetch: (cursor = 0) => of({ n: cursor, next: cursor === 40 ? 21 : cursor + 1 }),
      next: (page) => (++fetched > 1000 ? undefined : page.next),
    });
    const seen: number[] = [];
    let error: unknown;
    stream.subscribe({ next: (page) => seen.push(page.n), error: (e: unknown) => (error = e) });
    expect(error).toMatchObject({ name: 'DynamoDBError', code: 'RepeatedLastEvaluatedKey' });
    expect(seen.slice(0, 41)).toEqual(Array.from({ length: 41 }, (_, n) => n));
    expect(seen.length).toBeLessThanOrEqual(4 * 40);
  });

  it('sees a key whose attributes come back in another order as the same key', () => {
    const keys = [{ pk: 'a', sk: 1 }, { pk: 'b', sk: 1 }, { sk: 1, pk: 'a' }, { sk: 1, pk: 'b' }];
    let fetched = 0;
    const stream = paginate<{ n: number; next: object }, object>({
      ...QUERY,
      fetch: () => of({ n: fetched, next: keys[fetched++ % 4]! }),
      next: (page) => (fetched > 100 ? undefined : page.next),
    });
    const seen: number[] = [];
    let error: unknown;
    stream.subscribe({ next: (page) => seen.push(page.n), error: (e: unknown) => (error = e) });
    expect(error).toMatchObject({ code: 'RepeatedLastEvaluatedKey' });
    expect(seen).toEqual([0, 1, 2]);
  });

  it('passes a page error through and stops', () => {
    const stream = paginate<FakePage, number>({
      ...QUERY,
      fetch: (cursor) => (cursor === undefined ? of({ n: 0, next: 1 }) : throwError(() => new Error('boom'))),
      next: (page) => page.next,
    });
    const seen: number[] = [];
    let error: unknown;
    stream.subscribe({ next: (page) => seen.push(page.n), error: (e: unknown) => (error = e) });
    expect(seen).toEqual([0]);
    expect(error).toEqual(new Error('boom'));
  });

  it('completes a 100,000-page stream of synchronous pages (no recursion depth)', () => {
    let count = 0;
    let completed = false;
    paginate<FakePage, number>({
      ...QUERY,
      fetch: (cursor = 0) => of({ n: cursor, ...(cursor < 99_999 ? { next: cursor + 1 } : {}) }),
      next: (page) => page.next,
    }).subscribe({ next: () => count++, complete: () => (completed = true) });
    expect(count).toBe(100_000);
    expect(completed).toBe(true);
  });

  it('completes a 100,000-page marble stream in virtual time', () => {
    let count = 0;
    let completed = false;
    marbleScheduler().run(({ cold }) => {
      paginate<FakePage, number>({
        ...QUERY,
        fetch: (cursor = 0) => cold('-p|', { p: { n: cursor, ...(cursor < 99_999 ? { next: cursor + 1 } : {}) } }),
        next: (page) => page.next,
      }).subscribe({ next: () => count++, complete: () => (completed = true) });
    });
    expect(count).toBe(100_000);
    expect(completed).toBe(true);
  });
});
