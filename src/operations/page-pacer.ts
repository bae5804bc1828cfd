import { map, of, type Observable } from 'rxjs';
import type { Send, SendHooks } from '../call/send.js';
import { ledgerOf, type CapacityBudget } from '../capacity/capacity-budget.js';
import type { CapacityLedger } from '../capacity/capacity-ledger.js';
import { budgetFor, readCapacity, reportsCapacity, returnConsumedCapacityFor } from '../capacity/capacity-option.js';
import { RequestSizer } from '../capacity/request-sizer.js';
import { spend } from '../capacity/spend.js';
import { plainObject } from '../input/validate.js';
import type { PageRead } from './read-page.js';

/** What a Query or Scan item is assumed to cost before any response says: 0.5 read units (4 KB read eventually consistent). */
const INITIAL_UNITS_PER_ITEM = 0.5;

/** Sends one paced page request: its body, its attempts' hooks, and whether its page keeps its consumed capacity. @internal */
export type PagedSend<T> = (body: Record<string, unknown>, hooks: SendHooks, reportCapacity: boolean) => Observable<PageRead<T>>;

/**
 * How one Query or Scan (every segment of a parallel scan together) spends its capacity budget: each
 * page request waits for its turn on the budget, asks for `ReturnConsumedCapacity`, and gets a `Limit`
 * that makes it cost about a tenth of the budget's second, from the units per item evaluated so far
 * (never above the caller's own `limit`); its response is charged to the budget. @internal
 */
export class PagePacer {
  readonly #ledger: CapacityLedger;
  readonly #sizer: RequestSizer;

  constructor(budget: CapacityBudget) {
    this.#ledger = ledgerOf(budget);
    this.#sizer = new RequestSizer(this.#ledger, INITIAL_UNITS_PER_ITEM);
  }

  /** `body` (the caller's request, `Limit` and `ReturnConsumedCapacity` as they asked) sent by `send` on the budget. */
  request<T>(body: Record<string, unknown>, send: PagedSend<T>): Observable<PageRead<T>> {
    const asked = body['ReturnConsumedCapacity'];
    const limit = this.#sizer.size((body['Limit'] as number | undefined) ?? Infinity);
    const paced = { ...body, ReturnConsumedCapacity: returnConsumedCapacityFor(asked), ...(Number.isFinite(limit) ? { Limit: limit } : {}) };
    const sizer = this.#sizer;
    return spend(this.#ledger, sizer.estimate(limit), (hooks) => send(paced, hooks, reportsCapacity(asked)), (read) => {
      if (read.consumedUnits !== undefined) sizer.observe(read.consumedUnits, read.page.scannedCount);
      return read.consumedUnits;
    }, this);
  }
}

/**
 * The pacer of a Query or Scan of `table` whose `options.capacity` is set (options checked to be a plain
 * object and `capacity` read at once); undefined without. A share of provisioned capacity is read with
 * DescribeTable (of `options.indexName` unless the share names its own `index`). @internal
 */
export function pagePacer(send: Send, table: string, options: object | undefined): Observable<PagePacer | undefined> {
  const { capacity, indexName } = options === undefined ? {} : plainObject(options, 'options');
  if (capacity === undefined) return of(undefined);
  const read = readCapacity(capacity, 'options.capacity');
  const index = typeof indexName === 'string' ? indexName : undefined;
  return budgetFor(read, { send, tables: [table], kind: 'read', index }).pipe(map((budget) => new PagePacer(budget)));
}
