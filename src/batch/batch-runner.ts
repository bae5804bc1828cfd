import { asyncScheduler, Observable, timer, type Subscription } from 'rxjs';
import { BatchIncompleteError, MalformedResponseError } from '../errors/client-errors.js';
import { DynamoDBError } from '../errors/dynamodb-error.js';
import { backoffDelay } from '../retry/backoff.js';
import { groupByTable, type BatchAnswer, type BatchPlan, type BatchProgress, type BatchResult, type BatchSettings, type BatchUnit } from './batch-plan.js';
import { Queue } from '../streams/queue.js';
import type { SendHooks } from '../call/send.js';
import { unitsOf } from './batch-pacer.js';

/** A unit taken by the runner, with its count of rounds in a row without progress. */
interface Entry<N, W> {
  readonly unit: BatchUnit<N, W>;
  streak: number;
}

/**
 * Sends `units` in batch requests and emits what each response found with the counts after it; completes when
 * `units` completed and every unit was acknowledged.
 *
 * - Requests hold up to `maxUnits` units and `maxBytes` bytes. A full request goes at once; a partial one
 *   when a slot is free and the arrivals of the moment are over (or `units` completed), so a fast source
 *   fills requests, a slow one is not kept waiting, and units re-queued at one moment share requests.
 * - At most `concurrency` requests are in flight.
 * - A unit whose id is taken by an earlier unit still pending waits until that one is acknowledged, so
 *   units with one key are applied in the order they came, and never share a request.
 * - Units a response hands back unprocessed rejoin the queue (merged into later requests) after a
 *   full-jitter backoff on the throttling base; the backoff restarts after a request that made progress.
 *   After more than `maxRetries` rounds in a row without progress it gives up.
 *
 * Any failure (giving up, a request failing for good, `units` erroring) stops it: it takes no more units and
 * sends no more requests (withdrawing those not on the wire yet), waits for those on the wire (DynamoDB may
 * apply them: aborting would leave their units applied yet reported as not), then ends with a {@link BatchIncompleteError} listing every unit
 * taken and not acknowledged, in arrival order, and the first failure as its cause.
 * Unsubscribing cancels requests and timers. @internal
 */
export function runBatches<N, R, O, W>(units: Observable<BatchUnit<N, W>>, plan: BatchPlan<N, R, O, W>, settings: BatchSettings): Observable<BatchResult<O>> {
  return new Observable<BatchResult<O>>((subscriber) => {
    /** Every unit taken and not yet acknowledged, in arrival order. */
    const pending = new Set<Entry<N, W>>();
    /** Ids with a pending unit -> later units with that id waiting their turn (`undefined` while there are none). */
    const waiting = new Map<string, Entry<N, W>[] | undefined>();
    const ready = new Queue<Entry<N, W>>();
    let readyBytes = 0;
    let inFlight = 0;
    const progress: BatchProgress = { processed: 0, total: 0, retried: 0 };
    let inputDone = false;
    let burst: Subscription | undefined;
    let pumping = false;
    /** The first failure, once there was one: the run ends with it when no request is in flight. */
    let stopped: { cause: unknown } | undefined;
    /**
     * Withdraws a request not on the wire yet (waiting for its turn on a capacity budget, for a slot of the
     * client's limiter, for credentials): one for each such request, dropped at its first attempt.
     */
    const unsent = new Set<() => void>();
    let input: Subscription | undefined;

    /**
     * Pumps on the next timer turn; until then only full requests go, so units arriving in one synchronous
     * run, or re-queued by timers due at the same moment, share requests.
     */
    const pumpSoon = (): void => {
      burst ??= asyncScheduler.schedule(() => {
        burst = undefined;
        pump();
      });
    };

    const enqueue = (entry: Entry<N, W>): void => {
      ready.push(entry);
      readyBytes += entry.unit.size;
    };

    /** Ends the run with the failure it stopped on. */
    const fail = (cause: unknown): void => {
      const left = [...pending].map((entry) => entry.unit);
      const reason =
        cause === undefined
          ? `DynamoDB returned them unprocessed ${settings.maxRetries + 1} times in a row without progress`
          : `${DynamoDBError.isDynamoDBError(cause) ? cause.code : 'Error'}: ${cause instanceof Error ? cause.message : String(cause)}`;
      const message = `${plan.action} stopped with ${left.length} of ${progress.total} ${plan.noun} not ${plan.verb} (see error.unprocessed): ${reason}`;
      subscriber.error(new BatchIncompleteError(message, { action: plan.action, unprocessed: plan.report(left), processed: progress.processed, cause }));
    };

    /**
     * Stops on the first failure: nothing more is taken or sent (requests not on the wire yet are withdrawn, their
     * units left unacknowledged); the run fails once the requests on the wire are done.
     */
    const stop = (cause: unknown): void => {
      if (subscriber.closed) return;
      // A later failure (a request on the wire failing too) keeps the first as the cause, its units unacknowledged,
      // and may be the last request the run waited for.
      if (!stopped) {
        stopped = { cause };
        input?.unsubscribe();
        for (const withdraw of unsent) withdraw();
        unsent.clear();
      }
      pump();
    };

    const acknowledge = (entry: Entry<N, W>): void => {
      pending.delete(entry);
      progress.processed++;
      const next = waiting.get(entry.unit.id)?.shift();
      if (next) enqueue(next);
      else waiting.delete(entry.unit.id);
    };

    const settle = (sent: Entry<N, W>[], { unprocessed, found, consumedCapacity }: BatchAnswer<O>): void => {
      const byId = new Map(sent.map((entry) => [entry.unit.id, entry]));
      const back: Entry<N, W>[] = [];
      for (const id of unprocessed) {
        const entry = byId.get(id);
        if (!entry) throw new MalformedResponseError(`${plan.action} returned an unprocessed element that was not in its request`, { action: plan.action });
        byId.delete(id);
        back.push(entry);
      }
      for (const entry of byId.values()) acknowledge(entry);
      const streak = back.length === 0 || byId.size > 0 ? 0 : Math.max(...back.map((entry) => entry.streak)) + 1;
      // Handed back to a call that stopped, or once too often, they are not queued again: not counted as retried.
      const again = back.length > 0 && !stopped && streak <= settings.maxRetries;
      if (again) progress.retried += back.length;
      const units = unitsOf({ unprocessed, consumedCapacity });
      if (units !== undefined) progress.consumedUnits = (progress.consumedUnits ?? 0) + units;
      const result: BatchResult<O> = { found, progress: { ...progress } };
      if (consumedCapacity !== undefined && plan.reportsCapacity) result.consumedCapacity = consumedCapacity;
      subscriber.next(result);
      if (back.length === 0 || subscriber.closed || stopped) return;
      if (!again) return stop(undefined);
      for (const entry of back) entry.streak = streak;
      subscriber.add(
        timer(backoffDelay(streak + 1, true, settings.retry)).subscribe(() => {
          back.forEach(enqueue);
          pumpSoon();
        }),
      );
    };

    /** Takes up to `maxUnits` units (and `plan.maxBytes`) from the front of the queue. */
    const takeChunk = (maxUnits: number): Entry<N, W>[] => {
      const chunk: Entry<N, W>[] = [];
      let bytes = 0;
      for (let next = ready.peek(); next && chunk.length < maxUnits; next = ready.peek()) {
        if (chunk.length > 0 && bytes + next.unit.size > plan.maxBytes) break;
        ready.shift();
        readyBytes -= next.unit.size;
        bytes += next.unit.size;
        chunk.push(next);
      }
      return chunk;
    };

    const sendChunk = (chunk: Entry<N, W>[]): void => {
      const tables = groupByTable(
        chunk.map((entry) => entry.unit),
        (unit) => unit.wire,
      );
      inFlight++;
      const table = tables.size === 1 ? chunk[0]?.unit.table : undefined;
      let request$: Subscription | undefined;
      let withdrawn = false;
      const withdraw = (): void => {
        withdrawn = true;
        inFlight--;
        request$?.unsubscribe();
      };
      unsent.add(withdraw);
      const request = (hooks?: SendHooks): Observable<BatchAnswer<O>> =>
        settings.send(plan.action, plan.body(tables), table, plan.read, {
          ...hooks,
          onAttempt: () => {
            unsent.delete(withdraw);
            hooks?.onAttempt?.();
          },
        });
      request$ = (settings.pacer ? settings.pacer.request(chunk.length, request) : request()).subscribe({
        next: (answer) => {
          try {
            settle(chunk, answer);
          } catch (error) {
            stop(error);
          }
        },
        error: (error: unknown) => {
          unsent.delete(withdraw);
          inFlight--;
          stop(error);
        },
        complete: () => {
          inFlight--;
          pump();
        },
      });
      if (withdrawn) request$.unsubscribe();
      else subscriber.add(request$);
    };

    /** Sends what may go now; a loop guarded against reentry, so synchronous responses cannot grow the stack. */
    const pump = (): void => {
      if (pumping || subscriber.closed) return;
      if (stopped) {
        if (inFlight === 0) fail(stopped.cause);
        return;
      }
      pumping = true;
      // Paced, a request holds what costs a slice of the budget's second.
      const maxUnits = settings.pacer?.size(plan.maxUnits) ?? plan.maxUnits;
      const full = (): boolean => ready.length >= maxUnits || readyBytes >= plan.maxBytes;
      while (!subscriber.closed && inFlight < settings.concurrency && ready.length > 0 && (full() || inputDone || !burst)) sendChunk(takeChunk(maxUnits));
      pumping = false;
      if (inputDone && pending.size === 0 && !subscriber.closed) subscriber.complete();
    };

    input = units.subscribe({
      next: (unit) => {
        const entry: Entry<N, W> = { unit, streak: 0 };
        progress.total++;
        pending.add(entry);
        if (!waiting.has(unit.id)) {
          waiting.set(unit.id, undefined);
          enqueue(entry);
        } else {
          const queue = waiting.get(unit.id);
          if (queue) queue.push(entry);
          else waiting.set(unit.id, [entry]);
        }
        pumpSoon();
        pump();
      },
      error: (error: unknown) => stop(error),
      complete: () => {
        inputDone = true;
        pump();
      },
    });
    // A failure while subscribing (a synchronous transport) came before `input` was set.
    if (stopped) input.unsubscribe();
    return () => {
      input?.unsubscribe();
      burst?.unsubscribe();
    };
  });
}
