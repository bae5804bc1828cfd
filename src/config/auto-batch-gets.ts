/** How `getItem` calls are coalesced into BatchGetItem requests: the object form of the client's `autoBatchGets` option. */
export interface AutoBatchGetsOptions {
  /**
   * Milliseconds a batch waits, from its first call, for more calls to join it (RxJS async scheduler time), at
   * most 2147483647 (2^31-1, the longest delay a timer takes).
   * 0 takes the calls made in one synchronous run of code (a loop, `forkJoin`, `mergeMap` over an array,
   * `Promise.all` of a `map`) and sends them a microtask later.
   * @default 0
   */
  windowMs?: number | undefined;
  /**
   * Distinct keys per BatchGetItem request, 1 to 100: a batch that holds this many goes at once, and later
   * calls start the next one.
   * @default 100
   */
  maxKeys?: number | undefined;
}

/** The resolved `autoBatchGets` option. @internal */
export interface AutoBatchSettings {
  readonly windowMs: number;
  readonly maxKeys: number;
}

/** The defaults of {@link AutoBatchGetsOptions}. @internal */
export const AUTO_BATCH_DEFAULTS: AutoBatchSettings = Object.freeze({ windowMs: 0, maxKeys: 100 });

/** The settings `autoBatchGets` asks for (its values checked already), or undefined when it is off. @internal */
export function resolveAutoBatchGets(option: boolean | AutoBatchGetsOptions | undefined): AutoBatchSettings | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return AUTO_BATCH_DEFAULTS;
  return Object.freeze({ windowMs: option.windowMs ?? AUTO_BATCH_DEFAULTS.windowMs, maxKeys: option.maxKeys ?? AUTO_BATCH_DEFAULTS.maxKeys });
}
