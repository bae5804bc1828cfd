import { defer, map, type Observable } from 'rxjs';
import { readPacedArguments } from '../streams/paced.js';
import { PageCredits } from '../streams/page-credits.js';
import { changeDeliveries, type ChangesContext } from './change-stream.js';
import { handleInOrder } from './handle-in-order.js';
import { readChangesOptions } from './options.js';
import type { ChangeBatch, ChangeHandler, ChangesOptions, HandledChanges } from './types.js';

/**
 * Emits a {@link ChangeBatch} per GetRecords response that holds records, from every shard of the
 * table's stream, until unsubscribed. The options are checked on subscription, before anything is sent. @internal
 */
export function changes<T>(context: ChangesContext, table: string, options: unknown): Observable<ChangeBatch<T>> {
  return defer(() => changeDeliveries<T>(context, readChangesOptions(table, options))).pipe(map((delivery) => delivery.batch));
}

/**
 * Runs a handler on each batch of `changes`, reading a batch only when the handler has room (at most
 * `prefetch + concurrency` batches at once), and emits {@link HandledChanges} as batches are handled,
 * in order. `args` are `(handler)` or `(options, handler)`. @internal
 */
export function changesPaced<T, R>(context: ChangesContext, table: string, args: readonly unknown[]): Observable<HandledChanges<R>> {
  return defer(() => {
    const { handler, options, prefetch, concurrency } = readPacedArguments<ChangesOptions, ChangeHandler<T, R>>(args, 'batch');
    const credits = new PageCredits(prefetch + concurrency);
    return changeDeliveries<T>(context, readChangesOptions(table, options), credits).pipe(handleInOrder(handler, concurrency, credits));
  });
}
