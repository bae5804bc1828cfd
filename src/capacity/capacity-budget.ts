import { defer, forkJoin, map, startWith, type Observable } from 'rxjs';
import { InvalidParameterError } from '../errors/client-errors.js';
import { atLeast, positiveNumber, text, type Reader } from '../input/reader.js';
import { optional, required, shape, unknownOption } from '../input/shape.js';
import { plainObject } from '../input/validate.js';
import { CapacityLedger, CONSUMED_WINDOW_MS } from './capacity-ledger.js';
import { provisionedUnits, type ProvisionedUnitsOptions, type TableDescriber } from './provisioned-units.js';

/** What a {@link CapacityBudget} is made of: the `capacity` option of paced calls takes the same object. */
export interface CapacityBudgetOptions {
  /**
   * Capacity units per second to consume, on average: read units for reads (`query`, `scan`,
   * `batchGetItem`), write units for writes (`batchWriteItem`, `bulkWrite`, `bulkWriteFrom`), as DynamoDB
   * reports them consumed (table and indexes). A finite number above 0.
   */
  unitsPerSecond: number;
  /**
   * Seconds' worth of `unitsPerSecond` that may be consumed at once after an idle spell (at the start,
   * or while a consumer was busy): a small burst allowance.
   * @default 0.5
   */
  burstSeconds?: number | undefined;
}

/** A budget of a share of what a table can serve: the `capacity` option's second form, and {@link CapacityBudget.forTable}'s options besides `kind`. */
export interface FractionOfProvisionedOptions {
  /**
   * The share of the table's capacity to consume, above 0 and at most 1: its provisioned read or write
   * units (read with DescribeTable when the call starts; {@link provisionedUnits} says which figure, and
   * fails with a `ConfigError` for an on-demand table without a maximum) times this.
   */
  fractionOfProvisioned: number;
  /**
   * A global secondary index whose capacity counts instead of the table's (a local one shares the table's).
   * @default the call's `indexName` on `query` and `scan`, else the table
   */
  index?: string | undefined;
  /** As in {@link CapacityBudgetOptions}. @default 0.5 */
  burstSeconds?: number | undefined;
}

/** Options of {@link CapacityBudget.forTable}: the share, and which capacity (`kind`). */
export interface ForTableOptions extends FractionOfProvisionedOptions {
  /** `'read'` for queries, scans and batch gets; `'write'` for batch and bulk writes. */
  kind: ProvisionedUnitsOptions['kind'];
}

/** A number above 0 and at most 1. */
const fraction: Reader<number> = (value, path) => {
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new InvalidParameterError(path, `must be a number above 0 and at most 1, got ${typeof value === 'number' ? value : typeof value}`);
  }
  return value;
};

/** Reads the fraction form of the `capacity` option. @internal */
export const readFractionOptions = shape<FractionOfProvisionedOptions>(
  { fractionOfProvisioned: required(fraction, 'is required: a number above 0 and at most 1'), index: optional(text), burstSeconds: optional(atLeast(0)) },
  { unknown: unknownOption },
);

/**
 * A budget of `fractionOfProvisioned` of the smallest of `tables`' capacity of `kind` (so that none of
 * them is asked for more than its share), made once DescribeTable answered for each. @internal
 */
export function budgetOfFraction(
  db: TableDescriber,
  tables: readonly string[],
  kind: ProvisionedUnitsOptions['kind'],
  { fractionOfProvisioned, index, burstSeconds }: FractionOfProvisionedOptions,
): Observable<CapacityBudget> {
  return forkJoin(tables.map((table) => provisionedUnits(db, table, { kind, index }))).pipe(
    map((units) => new CapacityBudget({ unitsPerSecond: Math.min(...units) * fractionOfProvisioned, burstSeconds })),
  );
}

/** A budget at one moment: what it aims for, what it paces to after throttling, and what was consumed. */
export interface CapacityState {
  /** The rate asked for: `unitsPerSecond`. */
  targetUnitsPerSecond: number;
  /** The rate it paces to now: the target, or lower after throttling (multiplied by 0.7), climbing back by 5% of the target per second. */
  effectiveUnitsPerSecond: number;
  /** Units consumed over the trailing second (each response counted when it arrives). */
  consumedUnitsPerSecond: number;
  /** Units consumed since the budget was made. */
  consumedUnits: number;
  /** Requests throttled since the budget was made (each also retried, consuming nothing). */
  throttledRequests: number;
  /** Units that may go now: up to the burst allowance, negative while a debt is being paid off. */
  balanceUnits: number;
  /** Requests waiting for their turn. */
  waitingRequests: number;
}

/** Reads the options of a budget (the constructor's, and the `capacity` option's plain object form). @internal */
export const readBudgetOptions = shape<CapacityBudgetOptions>(
  { unitsPerSecond: required(positiveNumber, 'is required: a finite number > 0'), burstSeconds: optional(atLeast(0)) },
  { unknown: unknownOption },
);

const DEFAULT_BURST_SECONDS = 0.5;
const ledgers = new WeakMap<CapacityBudget, CapacityLedger>();

/**
 * A rate of DynamoDB capacity units per second that paced calls consume together. Each call asks
 * DynamoDB what every response consumed (`ReturnConsumedCapacity`), charges it to the budget, and before
 * each request waits, on RxJS timers (virtual time in marble tests), while the budget is in debt; calls
 * waiting on one budget take turns round robin (a call's own requests first come, first served), so a call
 * with many requests waiting does not crowd out one with few. A throttled request lowers the effective
 * rate (times 0.7, at most once a second, never below 1% of the target), which climbs back by 5% of the
 * target per second while nothing is throttled. Pass one budget to several calls to share it: the
 * segments of a scan and ten workers' scans, or a copy's reads; a copy's writes take a budget of their own
 * (write units).
 * @example
 * const reads = new CapacityBudget({ unitsPerSecond: 200 });
 * db.scan('Orders', { segments: 4, capacity: reads }).pipe(items());
 * reads.state$.subscribe(({ consumedUnitsPerSecond }) => bar.update(consumedUnitsPerSecond));
 */
export class CapacityBudget {
  /** The target rate, in capacity units per second. */
  readonly unitsPerSecond: number;
  /** The burst allowance, in seconds of `unitsPerSecond`. */
  readonly burstSeconds: number;
  /**
   * The budget's {@link CapacityState}: now, on subscribe, then after every response charged and every
   * throttle. Hot and cheap: nothing is computed while nobody subscribes. For a steady display, sample
   * {@link CapacityBudget.state} instead: `interval(1000).pipe(map(() => budget.state))`.
   */
  readonly state$: Observable<CapacityState>;

  /** Throws an `InvalidParameterError` naming the option (`options.unitsPerSecond`) for a bad value. */
  constructor(options: CapacityBudgetOptions) {
    const { unitsPerSecond, burstSeconds = DEFAULT_BURST_SECONDS } = readBudgetOptions(options, 'options');
    this.unitsPerSecond = unitsPerSecond;
    this.burstSeconds = burstSeconds;
    const ledger = new CapacityLedger(unitsPerSecond, burstSeconds);
    ledgers.set(this, ledger);
    this.state$ = defer(() => ledger.changes.pipe(startWith(undefined), map(() => this.state)));
  }

  /**
   * Emits, once, a budget of a share of a table's (or global secondary index's) provisioned read or write
   * units, read with DescribeTable: e.g. half the read capacity for a backup's scans, shared by its
   * segments or workers. Bad options are an `InvalidParameterError` naming them before anything is sent.
   * @example
   * CapacityBudget.forTable(db, 'Orders', { fractionOfProvisioned: 0.5, kind: 'read' })
   *   .pipe(switchMap((reads) => db.scan('Orders', { segments: 4, capacity: reads })))
   */
  static forTable(db: TableDescriber, table: string, options: ForTableOptions): Observable<CapacityBudget> {
    return defer(() => {
      const { kind, ...share } = plainObject(options, 'options') as unknown as ForTableOptions;
      return budgetOfFraction(db, [table], kind, readFractionOptions(share, 'options'));
    });
  }

  /** The budget's {@link CapacityState} now. */
  get state(): CapacityState {
    const ledger = ledgerOf(this);
    const now = ledger.clock.now();
    return {
      targetUnitsPerSecond: this.unitsPerSecond,
      effectiveUnitsPerSecond: ledger.rate.at(now),
      consumedUnitsPerSecond: ledger.consumption.at(now) / (CONSUMED_WINDOW_MS / 1000),
      consumedUnits: ledger.consumedUnits,
      throttledRequests: ledger.throttledRequests,
      balanceUnits: ledger.balance,
      waitingRequests: ledger.waiting,
    };
  }
}

/** Whether `value` is a budget its constructor made (an object merely inheriting from `CapacityBudget.prototype` has no accounting). @internal */
export function isCapacityBudget(value: unknown): value is CapacityBudget {
  return typeof value === 'object' && value !== null && ledgers.has(value as CapacityBudget);
}

/** The accounting of a budget. @internal */
export function ledgerOf(budget: CapacityBudget): CapacityLedger {
  return ledgers.get(budget)!;
}
