// The provisioned mode of the fault proxy: throttles like a table with provisioned capacity, from the
// capacity each request consumed (as the upstream reports it), over a trailing second.

/** Read units (GetItem, Query, Scan, BatchGetItem, TransactGetItems) or write units (the writes). */
export type CapacityKind = 'read' | 'write';

/** The provisioned mode's settings: see {@link FaultProxy.setProvisioned}. */
export interface ProvisionedConfig {
  /** Read capacity units per second, per table. */
  readUnitsPerSecond: number;
  /** Write capacity units per second, per table. */
  writeUnitsPerSecond: number;
  /**
   * Burst capacity: unused capacity banked, up to this many seconds of the provisioned rate (DynamoDB
   * keeps up to 300). Each whole second banks what it left unused; while the bank holds units, a request
   * is forwarded even when the trailing second is full, and its units are drawn from the bank. Default 0:
   * no burst, so a spec sees the provisioned rate from the first second.
   */
  burstSeconds?: number;
  /** Only these tables are throttled and counted. All tables when absent. */
  tables?: string[];
  /** The clock, in milliseconds. Default `performance.now`. */
  now?: () => number;
}

/** Capacity consumed in one second by one table, in units. */
export interface TableUnits {
  read: number;
  write: number;
}

/** What happened in one second of the provisioned mode (second 0 starts when the mode is set). */
export interface ThroughputSecond extends TableUnits {
  /** Requests forwarded (counted when they arrive). */
  forwarded: number;
  /** Requests throttled. */
  throttled: number;
  /** Units by table (counted when the response arrives). */
  byTable: Record<string, TableUnits>;
}

/** The provisioned mode's ledger: one entry per second since the mode was set, and totals. */
export interface ThroughputStats {
  seconds: ThroughputSecond[];
  forwarded: number;
  throttled: number;
}

/** A request the mode let through: report its consumed units (by table) when its response arrives. */
export interface Admitted {
  settle(consumed: ReadonlyMap<string, number>): void;
}

/** The decision on one request: forwarded (`admitted`), or throttled because of `table`. */
export type Admission = { admitted: Admitted } | { throttledBy: string };

/** Fresh, empty provisioned-mode stats. */
export function emptyThroughput(): ThroughputStats {
  return { seconds: [], forwarded: 0, throttled: 0 };
}

/** Units consumed over a trailing second: entries older than a second drop out as time goes on. */
class TrailingSecond {
  readonly #entries: { at: number; units: number }[] = [];
  #sum = 0;

  add(at: number, units: number): void {
    this.#entries.push({ at, units });
    this.#sum += units;
  }

  sum(now: number): number {
    while (this.#entries.length > 0 && this.#entries[0]!.at <= now - 1000) this.#sum -= this.#entries.shift()!.units;
    return Math.max(0, this.#sum);
  }
}

/** One table's account for one kind of capacity. */
interface Account {
  trailing: TrailingSecond;
  /** Units reserved by requests forwarded and not answered yet: one per item each names (DynamoDB too charges ahead). */
  inFlight: number;
  /** Burst units banked. */
  bank: number;
  /** The first second not banked yet. */
  bankedThrough: number;
}

/**
 * The provisioned-throughput model: a request is forwarded while, for each of its tables, the units
 * consumed in the trailing second plus those reserved by requests in flight (one per item named) stay
 * below the provisioned figure (or the burst bank holds units); otherwise it is throttled, and consumes nothing.
 */
export class ProvisionedThroughput {
  readonly #config: ProvisionedConfig;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #stats: ThroughputStats;
  readonly #accounts = new Map<string, Account>();

  constructor(config: ProvisionedConfig, stats: ThroughputStats) {
    for (const [name, value] of Object.entries({ readUnitsPerSecond: config.readUnitsPerSecond, writeUnitsPerSecond: config.writeUnitsPerSecond })) {
      if (!(value > 0)) throw new RangeError(`${name} must be a number > 0, got ${value}`);
    }
    if (!((config.burstSeconds ?? 0) >= 0)) throw new RangeError(`burstSeconds must be a number >= 0, got ${config.burstSeconds}`);
    this.#config = config;
    this.#now = config.now ?? (() => performance.now());
    this.#startedAt = this.#now();
    this.#stats = stats;
  }

  /**
   * Decides on a request of `kind` arriving now, naming `items` items in each table. Tables outside
   * `config.tables` are left out; a request to none of the others is forwarded and not counted.
   */
  admit(kind: CapacityKind, items: ReadonlyMap<string, number>): Admission {
    const { tables } = this.#config;
    const counted = [...items].filter(([table]) => tables === undefined || tables.includes(table));
    if (counted.length === 0) return { admitted: { settle: () => undefined } };
    const now = this.#now();
    const second = this.#second(now);
    const rate = this.#rate(kind);
    const accounts = counted.map(([table, reserved]) => ({ table, reserved, account: this.#account(table, kind, now) }));
    const full = accounts.find(({ account }) => account.trailing.sum(now) + account.inFlight >= rate && account.bank <= 0);
    if (full) {
      second.throttled++;
      this.#stats.throttled++;
      return { throttledBy: full.table };
    }
    second.forwarded++;
    this.#stats.forwarded++;
    const bursting = new Set(accounts.filter(({ account }) => account.trailing.sum(now) + account.inFlight >= rate).map(({ table }) => table));
    for (const { account, reserved } of accounts) account.inFlight += reserved;
    let settled = false;
    return {
      admitted: {
        settle: (consumed) => {
          if (settled) return;
          settled = true;
          const at = this.#now();
          const answered = this.#second(at);
          for (const { table, reserved, account } of accounts) {
            account.inFlight -= reserved;
            const units = consumed.get(table) ?? 0;
            account.trailing.add(at, units);
            if (bursting.has(table)) account.bank -= units;
            const byTable = (answered.byTable[table] ??= { read: 0, write: 0 });
            byTable[kind] += units;
            answered[kind] += units;
          }
        },
      },
    };
  }

  #rate(kind: CapacityKind): number {
    return kind === 'read' ? this.#config.readUnitsPerSecond : this.#config.writeUnitsPerSecond;
  }

  /** The table's account for `kind`, its burst bank credited with what each second before now left unused. */
  #account(table: string, kind: CapacityKind, now: number): Account {
    const key = `${kind} ${table}`;
    let account = this.#accounts.get(key);
    if (!account) {
      account = { trailing: new TrailingSecond(), inFlight: 0, bank: 0, bankedThrough: this.#index(now) };
      this.#accounts.set(key, account);
    }
    const capacity = (this.#config.burstSeconds ?? 0) * this.#rate(kind);
    const current = this.#index(now);
    if (capacity > 0) {
      for (; account.bankedThrough < current; account.bankedThrough++) {
        const used = this.#stats.seconds[account.bankedThrough]?.byTable[table]?.[kind] ?? 0;
        account.bank = Math.min(capacity, account.bank + Math.max(0, this.#rate(kind) - used));
      }
    }
    return account;
  }

  #index(now: number): number {
    return Math.max(0, Math.floor((now - this.#startedAt) / 1000));
  }

  /** The ledger entry of the second `now` falls in, with every second before it filled in. */
  #second(now: number): ThroughputSecond {
    const index = this.#index(now);
    const { seconds } = this.#stats;
    while (seconds.length <= index) seconds.push({ read: 0, write: 0, forwarded: 0, throttled: 0, byTable: {} });
    return seconds[index]!;
  }
}
