import { map, of, type Observable } from 'rxjs';
import type { Send, SendHooks } from '../call/send.js';
import { ledgerOf, type CapacityBudget } from '../capacity/capacity-budget.js';
import type { CapacityLedger } from '../capacity/capacity-ledger.js';
import { budgetFor, readCapacity, reportsCapacity, returnConsumedCapacityFor } from '../capacity/capacity-option.js';
import type { ProvisionedUnitsOptions } from '../capacity/provisioned-units.js';
import { RequestSizer } from '../capacity/request-sizer.js';
import { spend } from '../capacity/spend.js';
import type { ConsumedCapacity } from '../response/consumed-capacity.js';

/** What the pacer reads of a batch answer: the elements handed back, and what it consumed per table. @internal */
export interface PacedAnswer {
  readonly unprocessed: readonly unknown[];
  readonly consumedCapacity?: readonly ConsumedCapacity[] | undefined;
}

/** The units of every table an answer consumed together, or undefined when it did not say. @internal */
export function unitsOf(answer: PacedAnswer): number | undefined {
  return answer.consumedCapacity?.reduce((sum, capacity) => sum + capacity.capacityUnits, 0);
}

/**
 * How one batch call spends its capacity budget: each request waits for its turn, holds as many keys or
 * writes as cost about a tenth of the budget's second (from the units each cost so far), and its answer
 * is charged. Elements handed back unprocessed count as a throttle where the {@link ElementCost} says so
 * (BatchWriteItem hands writes back only for throughput; BatchGetItem also past 16 MB of answer). @internal
 */
export class BatchPacer {
  readonly #ledger: CapacityLedger;
  readonly #sizer: RequestSizer;

  readonly #unprocessedIsThrottling: boolean;

  constructor(budget: CapacityBudget, { initialUnitsPerElement, unprocessedIsThrottling }: ElementCost) {
    this.#ledger = ledgerOf(budget);
    this.#sizer = new RequestSizer(this.#ledger, initialUnitsPerElement);
    this.#unprocessedIsThrottling = unprocessedIsThrottling;
  }

  /** Elements the next request should hold: a slice's worth, from 1 to `max`. */
  size(max: number): number {
    return this.#sizer.size(max);
  }

  /** The request of `elements` keys or writes that `send` sends, on the budget. */
  request<A extends PacedAnswer>(elements: number, send: (hooks: SendHooks) => Observable<A>): Observable<A> {
    return spend(this.#ledger, this.#sizer.estimate(elements), send, (answer) => {
      const units = unitsOf(answer);
      if (units !== undefined) this.#sizer.observe(units, elements - answer.unprocessed.length);
      if (this.#unprocessedIsThrottling && answer.unprocessed.length > 0) this.#ledger.throttled();
      return units;
    }, this);
  }
}

/** What a batch call's options say about capacity: its wire options, whether results carry capacity, its pacer. @internal */
export interface BatchPacing {
  /** The call's wire options, `ReturnConsumedCapacity` at least `TOTAL` when paced. */
  readonly wire: Record<string, unknown>;
  readonly reportsCapacity: boolean;
  /** The call's pacer, undefined when it is not paced; a share of provisioned capacity is read (DescribeTable) for `tables` first. */
  pacer(send: Send, tables: readonly string[]): Observable<BatchPacer | undefined>;
}

/** How the elements of a batch call cost: what one is assumed to cost at first, and what unprocessed ones mean. @internal */
export interface ElementCost {
  /** Which capacity the elements consume. */
  readonly kind: ProvisionedUnitsOptions['kind'];
  readonly initialUnitsPerElement: number;
  readonly unprocessedIsThrottling: boolean;
}

/** The pacing of a batch call whose wire options are `wire` and whose `capacity` option (at `path`) is `capacity`. @internal */
export function batchPacing(wire: Record<string, unknown>, capacity: unknown, path: string, cost: ElementCost): BatchPacing {
  if (capacity === undefined) return { wire, reportsCapacity: true, pacer: () => of(undefined) };
  const asked = wire['ReturnConsumedCapacity'];
  const read = readCapacity(capacity, path);
  return {
    wire: { ...wire, ReturnConsumedCapacity: returnConsumedCapacityFor(asked) },
    reportsCapacity: reportsCapacity(asked),
    pacer: (send, tables) => budgetFor(read, { send, tables, kind: cost.kind }).pipe(map((budget) => new BatchPacer(budget, cost))),
  };
}
