/** The three clients measured side by side. */
export const CLIENTS = ['rx-dynamodb', 'aws-sdk-v3', 'raw'] as const;
export type ClientName = (typeof CLIENTS)[number];

/** What the client is connected to: a loopback endpoint that does not check signatures. */
export interface Target {
  endpoint: string;
  region: string;
}

/** Dummy static credentials: local servers do not check signatures, but every client signs. */
export const CREDENTIALS = { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret' };

/** How a change stream is read: until `records` were seen; `concurrency` shards at once (rx-dynamodb's `maxShardConcurrency`; by default its own, one for the loops); a slow consumer spends `batchDelayMs` per batch. */
export interface ChangeReading {
  records: number;
  concurrency?: number;
  batchDelayMs: number;
}

/** How a scan's consumer takes the pages of the 1,000,000-item memory test. */
export type ScanMode = 'sync' | 'paced' | 'unpaced';

/**
 * One client's way of doing each benchmarked job, written as its users would write it. Each
 * resolves to the number of items (or successful calls) seen, which the harness checks.
 */
export interface BenchClient {
  /** `n` GetItem calls (keys of the 100 orders in turn), at most `concurrency` in flight. */
  getItems(table: string, n: number, concurrency: number): Promise<number>;
  /** `n` PutItem calls (the 100 orders in turn), at most `concurrency` in flight. */
  putItems(table: string, n: number, concurrency: number): Promise<number>;
  /**
   * Streams every item of a Query (on the first customer) or Scan; with `segments`, a parallel scan; with
   * `unitsPerSecond` (rx-dynamodb only), paced by a capacity budget of that rate.
   */
  readAll(action: 'Query' | 'Scan', table: string, segments?: number, unitsPerSecond?: number): Promise<number>;
  /**
   * Reads the first `n` of `FAN_OUT_KEYS` (distinct orders) with calls made all at once, as an app fanning
   * out does; resolves to the items found.
   */
  fanOutGets(table: string, n: number): Promise<number>;
  /** Writes `n` items (the 100 orders in turn) with BatchWriteItem, 25 a request, `concurrency` requests in flight. */
  batchLoad(table: string, n: number, concurrency: number): Promise<number>;
  /**
   * Scans `table` through a consumer: `sync` counts items as they come; `paced` and `unpaced` wait
   * `pageDelayMs` per page (a slow consumer), with and without the client's flow control.
   */
  scanThrough(table: string, mode: ScanMode, pageDelayMs: number): Promise<number>;
  /**
   * Reads the change stream `streamArn` of `table` from its oldest records until all were seen, each
   * converted to native values (keys, images); with `batchDelayMs`, a slow consumer spends that long
   * on each GetRecords batch, with the client's flow control.
   */
  readChanges(table: string, streamArn: string, reading: ChangeReading): Promise<number>;
}

/** Creates a client for a target. */
export type ClientFactory = (target: Target) => Promise<BenchClient>;
