import { defer, finalize, from, mergeMap, type Observable, type ObservableInput } from 'rxjs';
import { InvalidParameterError } from '../errors/client-errors.js';
import { integer, orDefault } from '../input/reader.js';
import { optional, shape, unknownOption } from '../input/shape.js';
import { plainObject } from '../input/validate.js';
import { PageCredits } from './page-credits.js';

/** How far a paced stream may run ahead of its handler: the `pacing` option of the paced forms. */
export interface PacingOptions {
  /**
   * Pages fetched ahead of the handler (in flight or waiting). Memory holds at most
   * `prefetch + concurrency` pages, whatever the table size.
   * @default 1
   */
  prefetch?: number | undefined;
  /**
   * Pages handled at once. With 1, pages are handled in order.
   * @default 1
   */
  concurrency?: number | undefined;
}

/** What a paced form adds to its stream's options: `pacing`. */
export interface WithPacing {
  /** How far the stream may run ahead of the handler. */
  pacing?: PacingOptions | undefined;
}

/** A page handler: returns a Promise, an Observable or any ObservableInput of results. */
export type PageHandler<P, R> = (page: P) => ObservableInput<R>;

/** The arguments of a paced form after the table: `(handler)` or `(options, handler)`. @internal */
export type PacedArguments<O, P, R> = [handler: PageHandler<P, R>] | [options: O, handler: PageHandler<P, R>];

const readPacing = orDefault(shape<PacingOptions>({ prefetch: optional(integer(0, 2 ** 31 - 1)), concurrency: optional(integer(1, 2 ** 31 - 1)) }, { unknown: unknownOption }), {});

/** A paced form's arguments, checked: its handler, its stream's options without `pacing`, and the pacing. @internal */
export interface PacedCall<O, H> {
  readonly handler: H;
  /** The options without `pacing`; undefined when none were given. */
  readonly options: O | undefined;
  readonly prefetch: number;
  readonly concurrency: number;
}

/**
 * Reads a paced form's arguments after the table, `(handler)` or `(options, handler)`: the handler must
 * be a function of `what` (`page`, `batch`), nothing may follow it, and `options.pacing` is checked. @internal
 */
export function readPacedArguments<O, H>(args: readonly unknown[], what: string): PacedCall<O, H> {
  const handlerFirst = typeof args[0] === 'function';
  const [options, handler] = handlerFirst ? [undefined, args[0]] : [args[0], args[1]];
  if (typeof handler !== 'function') throw new InvalidParameterError('handler', `must be a function (${what}) => Promise | Observable`);
  if (args.length > (handlerFirst ? 1 : 2)) {
    throw new InvalidParameterError('pacing', 'goes in the options now, before the handler: (table, { ...options, pacing: { prefetch } }, handler)');
  }
  const { pacing, ...streamOptions } = options === undefined ? {} : plainObject(options, 'options');
  const { prefetch = 1, concurrency = 1 } = readPacing(pacing, 'options.pacing');
  return { handler: handler as H, options: options === undefined ? undefined : (streamOptions as O), prefetch, concurrency };
}

/**
 * Runs the handler on every page of a paged source, fetching a page only when the handler has room:
 * at most `prefetch + concurrency` pages exist at once (fetching, waiting or being handled).
 * `args` are the paced form's arguments, `(handler)` or `(options, handler)`; `pages` receives the
 * options without `pacing` and the credit pool that its paging loops draw from. Emits the handler's
 * results. Bad arguments fail the subscription before anything is fetched. @internal
 */
export function consumePaced<O extends object, P, R>(
  args: readonly unknown[],
  pages: (options: O | undefined, credits: PageCredits) => Observable<P>,
): Observable<R> {
  return defer(() => {
    const { handler, options, prefetch, concurrency } = readPacedArguments<O, PageHandler<P, R>>(args, 'page');
    const credits = new PageCredits(prefetch + concurrency);
    return pages(options, credits).pipe(mergeMap((page) => from(handler(page)).pipe(finalize(() => credits.release())), concurrency));
  });
}
