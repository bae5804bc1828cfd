import { defer, Observable, type OperatorFunction, type Subscription } from 'rxjs';
import type { PageCredits } from '../streams/page-credits.js';
import type { Delivery } from './change-stream.js';
import { StreamDisabledError } from './errors.js';
import type { ChangeHandler, HandledChanges } from './types.js';

/** A delivered batch, from its arrival until it was reported handled. */
interface Entry<T, R> {
  readonly delivery: Delivery<T>;
  readonly results: R[];
  handling: Subscription | undefined;
  done: boolean;
}

/**
 * Runs `handler` on each delivered batch, up to `concurrency` at once, never a batch before an earlier
 * batch of its shard or of an ancestor shard has been handled: changes to one key are handled in
 * order. Emits {@link HandledChanges} in delivery order, each once its batch and every batch before it
 * were handled, so that its checkpoint covers only handled changes; only then is the batch's credit
 * given back, so at most as many batches as there are credits exist at once. A {@link StreamDisabledError}
 * (the stream's end) comes once every batch was handled, so that its checkpoint is handled too; any
 * other failure comes at once. @internal
 */
export function handleInOrder<T, R>(handler: ChangeHandler<T, R>, concurrency: number, credits: PageCredits): OperatorFunction<Delivery<T>, HandledChanges<R>> {
  return (source) =>
    new Observable<HandledChanges<R>>((subscriber) => {
      const entries: Entry<T, R>[] = [];
      let active = 0;
      let sourceDone = false;
      /** The stream's end, held until every batch delivered before it was handled. */
      let disabled: StreamDisabledError | undefined;

      /** Whether an earlier batch, not handled yet, is of this entry's shard or of one of its ancestors. */
      const waitsForEarlier = (index: number): boolean => {
        const { lineage } = entries[index]!.delivery;
        for (let earlier = 0; earlier < index; earlier++) {
          const entry = entries[earlier]!;
          if (!entry.done && lineage.includes(entry.delivery.batch.shardId)) return true;
        }
        return false;
      };

      /** Reports the handled batches at the front, in order. */
      const reportHandled = (): void => {
        while (entries[0]?.done) {
          const { delivery, results } = entries.shift()!;
          subscriber.next({ shardId: delivery.batch.shardId, results, checkpoint: delivery.batch.checkpoint });
          credits.release();
        }
        if (sourceDone && entries.length === 0) {
          if (disabled) subscriber.error(disabled);
          else subscriber.complete();
        }
      };

      const startEligible = (): void => {
        for (let index = 0; index < entries.length && active < concurrency; index++) {
          const entry = entries[index]!;
          if (entry.done || entry.handling !== undefined || waitsForEarlier(index)) continue;
          active++;
          entry.handling = defer(() => handler(entry.delivery.batch)).subscribe({
            next: (result) => entry.results.push(result),
            error: (error: unknown) => subscriber.error(error),
            complete: () => {
              active--;
              entry.done = true;
              reportHandled();
              startEligible();
            },
          });
          subscriber.add(entry.handling);
        }
      };

      subscriber.add(
        source.subscribe({
          next: (delivery) => {
            entries.push({ delivery, results: [], handling: undefined, done: false });
            startEligible();
          },
          error: (error: unknown) => {
            if (!(error instanceof StreamDisabledError)) {
              subscriber.error(error);
              return;
            }
            disabled = error;
            sourceDone = true;
            reportHandled();
          },
          complete: () => {
            sourceDone = true;
            reportHandled();
          },
        }),
      );
    });
}
