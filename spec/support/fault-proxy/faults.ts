/** Every fault the proxy can inject, in the order random mode lays out their probabilities. */
export const FAULT_KINDS = [
  'throttle',
  'throttling-exception',
  'http500',
  'http503',
  'unknown-error',
  'reset-before',
  'reset-after',
  'reset-mid-body',
  'delay',
  'truncate',
  'bad-crc',
  'malformed-json',
  'unprocessed',
  'expired-iterator',
] as const;

/** One kind of fault, applied to one request. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault queued with {@link FaultPicker.script}: it hits the next request whose action matches. */
export interface ScriptedFault {
  kind: FaultKind;
  /** Only match requests with this `X-Amz-Target` action, e.g. `PutItem`. Any action when absent. */
  action?: string;
  /** For `delay`: how long to hold the response. Default 2000 ms. */
  delayMs?: number;
}

/** Random mode: each request in scope draws a fault with these probabilities (summing to at most 1). */
export interface RandomFaultConfig {
  /** Seed of the PRNG: the same seed and the same request sequence give the same faults. */
  seed: number;
  faults: Partial<Record<FaultKind, number>>;
  /** Only requests with one of these actions draw a fault. All actions when absent. */
  actions?: string[];
  /** For `delay`: how long to hold the response. Default 2000 ms. */
  delayMs?: number;
}

/** The fault chosen for one request. */
export interface FaultChoice {
  kind: FaultKind;
  delayMs: number;
}

const DEFAULT_DELAY_MS = 2000;
const BATCH_ACTIONS: ReadonlySet<string> = new Set(['BatchWriteItem', 'BatchGetItem']);

/** Whether a fault can apply to an action: `unprocessed` only fits the batch actions, `expired-iterator` only GetRecords. */
function fits(kind: FaultKind, action: string): boolean {
  if (kind === 'unprocessed') return BATCH_ACTIONS.has(action);
  return kind !== 'expired-iterator' || action === 'GetRecords';
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chooses the fault for each request: scripted faults first, then random mode, else none. */
export class FaultPicker {
  private queue: ScriptedFault[] = [];
  private random: { config: RandomFaultConfig; next: () => number } | undefined;

  /** Appends faults to the script. */
  script(faults: readonly ScriptedFault[]): void {
    for (const fault of faults) {
      if (!FAULT_KINDS.includes(fault.kind)) throw new TypeError(`unknown fault kind ${String(fault.kind)}`);
    }
    this.queue.push(...faults);
  }

  /** Starts random mode with a fresh PRNG, or stops it with `undefined`. */
  setRandom(config: RandomFaultConfig | undefined): void {
    if (config) {
      let sum = 0;
      for (const [kind, p] of Object.entries(config.faults)) {
        if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new TypeError(`unknown fault kind ${kind}`);
        if (!(p >= 0 && p <= 1)) throw new RangeError(`probability of ${kind} must be in [0, 1], got ${p}`);
        sum += p;
      }
      if (sum > 1 + 1e-9) throw new RangeError(`fault probabilities sum to ${sum}, more than 1`);
    }
    this.random = config && { config, next: mulberry32(config.seed) };
  }

  /** Drops the script and leaves random mode. */
  clear(): void {
    this.queue = [];
    this.random = undefined;
  }

  /**
   * The fault for a request with this action. Takes the first scripted fault that matches; else,
   * in random mode with the action in scope, draws one number (a drawn `unprocessed` on an action
   * it does not fit gives no fault, so the draw sequence depends only on the requests in scope).
   */
  pick(action: string): FaultChoice | undefined {
    const index = this.queue.findIndex((f) => (f.action === undefined || f.action === action) && fits(f.kind, action));
    const scripted = this.queue[index];
    if (scripted) {
      this.queue.splice(index, 1);
      return { kind: scripted.kind, delayMs: scripted.delayMs ?? DEFAULT_DELAY_MS };
    }
    if (!this.random) return undefined;
    const { config, next } = this.random;
    if (config.actions && !config.actions.includes(action)) return undefined;
    const draw = next();
    let cumulative = 0;
    for (const kind of FAULT_KINDS) {
      cumulative += config.faults[kind] ?? 0;
      if (draw < cumulative) return fits(kind, action) ? { kind, delayMs: config.delayMs ?? DEFAULT_DELAY_MS } : undefined;
    }
    return undefined;
  }
}
