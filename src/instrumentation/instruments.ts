import { Subject } from 'rxjs';
import type { Measurement } from './measurement.js';
import { runCallback } from './report-callback-error.js';
import type { Endpoint } from '../http/types.js';
import type { AttemptRecord } from './attempt.js';
import { CallProbe } from './probe.js';
import { currentTags, type Tags } from './tags.js';
import type { CallStart, CallTrace, CallTracer } from './tracer.js';

/** What a client's instruments need of its resolved options. @internal */
export interface InstrumentSettings {
  readonly region: string;
  readonly endpoint: Endpoint;
  readonly tags: Readonly<Tags>;
  readonly tracers: readonly CallTracer[];
  readonly onMeasurement: ((measurement: Measurement) => void) | undefined;
}

/**
 * A client's instrumentation: its hot streams of measurements and attempt records, and the
 * per-call probes that feed them, the `onMeasurement` callback and the tracers. The streams are
 * plain Subjects: nothing is kept for late or absent subscribers. @internal
 */
export class Instruments {
  /** One {@link Measurement} per call that ended (the same objects `onMeasurement` gets). */
  readonly measurements = new Subject<Measurement>();
  /** One {@link AttemptRecord} per HTTP attempt. */
  readonly attempts = new Subject<AttemptRecord>();
  /** The client's `onMeasurement` callback. */
  readonly onMeasurement: InstrumentSettings['onMeasurement'];
  readonly #config: Pick<InstrumentSettings, 'tags' | 'tracers' | 'region'>;
  readonly #server: CallStart['server'];
  readonly #hasClientTags: boolean;

  constructor(config: InstrumentSettings) {
    this.onMeasurement = config.onMeasurement;
    this.#config = config;
    this.#hasClientTags = Object.keys(config.tags).length > 0;
    const url = new URL(config.endpoint.url);
    this.#server = { address: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80) };
  }

  /** Starts measuring a call: called when it is subscribed, so the scope's tags are the subscriber's. */
  start(action: string, table: string | undefined): CallProbe {
    const scope = currentTags();
    const scoped = Object.keys(scope).length > 0;
    const tags: Readonly<Tags> = scoped ? { ...this.#config.tags, ...scope } : this.#config.tags;
    const traces: CallTrace[] = [];
    if (this.#config.tracers.length > 0) {
      const call: CallStart = { action, tags, server: this.#server, region: this.#config.region };
      if (table !== undefined) call.table = table;
      for (const tracer of this.#config.tracers) {
        runCallback((start: CallStart) => {
          const trace = tracer.start(start);
          if (trace) traces.push(trace);
        }, call);
      }
    }
    return new CallProbe(action, table, scoped || this.#hasClientTags ? tags : undefined, this, traces);
  }
}
