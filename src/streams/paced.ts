import { defer, finalize, from, mergeMap, type Observable, type ObservableInput } from 'rxjs';
import { InvalidParameterError } from '../errors/client-errors.js';
import { integer, orDefault } from '../input/reader.js';
import { optional, shape, unknownOption } from '../input/shape.js';
import { PageCredits } from './page-credits.js';

/** How far a paced stream may run ahead of its handler. */
export interface PacingOptions {
  /**
   * Pages fetched ahead of the handler (in flight or waiting). Memory holds at most
   * `prefetch + concurrency` pages, whatever the table size.
   * @default 1
   */
  prefetch?: number;
  /**
   * Pages handled at once. With 1, pages are handled in order.
   * @default 1
   */
  concurrency?: number;
}

/** A page handler: returns a Promise, an Observable or any ObservableInput of results. */
export type PageHandler<P, R> = (page: P) => ObservableInput<R>;

const readPacing = orDefault(shape<PacingOptions>({ prefetch: optional(integer(0, 2 ** 31 - 1)), concurrency: optional(integer(1, 2 ** 31 - 1)) }, { unknown: unknownOption }), {});

/**
 * Runs `handler` on every page of a paged source, fetching a page only when the handler has room:
 * at most `prefetch + concurrency` pages exist at once (fetching, waiting or being handled).
 * `pages` receives the credit pool that its paging loops draw from. Emits the handler's results. @internal
 */
export function consumePaced<P, R>(pages: (credits: PageCredits) => Observable<P>, handler: PageHandler<P, R>, options?: PacingOptions): Observable<R> {
  return defer(() => {
    if (typeof handler !== 'function') throw new InvalidParameterError('handler', 'must be a function (page) => Promise | Observable');
    const { prefetch = 1, concurrency = 1 } = readPacing(options, 'pacing');
    const credits = new PageCredits(prefetch + concurrency);
    return pages(credits).pipe(
      mergeMap((page) => from(handler(page)).pipe(finalize(() => credits.release())), concurrency),
    );
  });
}
