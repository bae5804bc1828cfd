import { metrics, SpanKind, SpanStatusCode, trace, type Attributes, type Histogram, type MeterProvider, type Span, type TracerProvider } from '@opentelemetry/api';
import type { AttemptRecord, CallEnd, CallStart, CallTrace, CallTracer, Capacity, ConsumedCapacity } from 'rx-dynamodb';
import * as semconv from './semconv.js';

/** Options of {@link openTelemetry}. */
export interface OpenTelemetryOptions {
  /**
   * Where spans go.
   * @default the global tracer provider (`trace.setGlobalTracerProvider`, or the SDK's `start()`)
   */
  tracerProvider?: TracerProvider;
  /**
   * Where the duration histogram goes.
   * @default the global meter provider
   */
  meterProvider?: MeterProvider;
}

const SCOPE = 'rx-dynamodb';

/**
 * A tracer for the client's `tracers` option that records each call as an OpenTelemetry span and
 * in the `db.client.operation.duration` histogram (seconds), per the semantic conventions for
 * AWS DynamoDB (v1.45): span `DynamoDB.<Operation>`, kind CLIENT, started when the call is
 * subscribed (child of the span active there) and ended when it ends; `db.system.name`
 * `aws.dynamodb`, `db.operation.name`, `db.collection.name`, `aws.dynamodb.table_names`,
 * `server.address`/`server.port`, `cloud.region`, `rx_dynamodb.attempts`, the call's tags as
 * `rx_dynamodb.tag.<name>`, and on failure `error.type`, status ERROR and an exception event. Each
 * HTTP attempt adds an `rx_dynamodb.attempt` event. Tags are not metric attributes (a correlation
 * id would make one series per request).
 *
 * @example new DynamoDB({ tracers: [openTelemetry()] })
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): CallTracer {
  // The global tracer provider hands out proxies that follow a later registration; the global
  // meter provider does not, so the histogram is made again when a new global one is registered.
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  let meterProvider: MeterProvider | undefined;
  let duration: Histogram | undefined;
  const histogram = (): Histogram => {
    const current = options.meterProvider ?? metrics.getMeterProvider();
    if (current !== meterProvider || !duration) {
      meterProvider = current;
      duration = current.getMeter(SCOPE).createHistogram(semconv.DB_CLIENT_OPERATION_DURATION, {
        description: 'Duration of database client operations.',
        unit: 's',
        advice: { explicitBucketBoundaries: semconv.DURATION_BUCKETS },
      });
    }
    return duration;
  };
  return {
    start: (call) => {
      const attributes = callAttributes(call);
      const span = tracer.startSpan(`DynamoDB.${call.action}`, { kind: SpanKind.CLIENT, attributes: { ...attributes, ...spanOnlyAttributes(call) } });
      return new SpanTrace(span, histogram, attributes);
    },
  };
}

/** The attributes spans and the histogram share. */
function callAttributes(call: CallStart): Attributes {
  const attributes: Attributes = {
    [semconv.DB_SYSTEM_NAME]: semconv.DB_SYSTEM_NAME_VALUE,
    [semconv.DB_OPERATION_NAME]: call.action,
    [semconv.SERVER_ADDRESS]: call.server.address,
    [semconv.SERVER_PORT]: call.server.port,
  };
  if (call.table !== undefined) attributes[semconv.DB_COLLECTION_NAME] = call.table;
  return attributes;
}

function spanOnlyAttributes(call: CallStart): Attributes {
  const attributes: Attributes = { [semconv.CLOUD_REGION]: call.region };
  if (call.table !== undefined) attributes[semconv.AWS_DYNAMODB_TABLE_NAMES] = [call.table];
  for (const [name, value] of Object.entries(call.tags)) if (value !== undefined) attributes[semconv.TAG_PREFIX + name] = value;
  return attributes;
}

/** One call's span, and the histogram its duration goes to. */
class SpanTrace implements CallTrace {
  constructor(
    private readonly span: Span,
    private readonly duration: () => Histogram,
    private readonly attributes: Attributes,
  ) {}

  attempt(record: AttemptRecord): void {
    if (!this.span.isRecording()) return;
    const event: Attributes = { [semconv.ATTEMPT_NUMBER]: record.attempt, [semconv.ATTEMPT_DURATION]: record.durationMs, [semconv.ATTEMPT_WILL_RETRY]: record.willRetry };
    if (record.statusCode !== undefined) event[semconv.HTTP_RESPONSE_STATUS_CODE] = record.statusCode;
    if (record.error !== undefined) event[semconv.ERROR_TYPE] = record.error;
    if (record.backoffMs !== undefined) event[semconv.ATTEMPT_BACKOFF] = record.backoffMs;
    this.span.addEvent(semconv.ATTEMPT_EVENT, event);
  }

  end({ measurement, error, cancelled }: CallEnd): void {
    const { span } = this;
    span.setAttribute(semconv.ATTEMPTS, measurement.attempts);
    if (cancelled) {
      span.setAttribute(semconv.CANCELLED, true);
      span.end();
      return;
    }
    const consumed = measurement.consumedCapacity;
    if (consumed !== undefined) span.setAttribute(semconv.AWS_DYNAMODB_CONSUMED_CAPACITY, consumed.map(wireCapacityJson));
    const attributes = measurement.error === undefined ? this.attributes : { ...this.attributes, [semconv.ERROR_TYPE]: measurement.error };
    if (measurement.error !== undefined) {
      span.setAttribute(semconv.ERROR_TYPE, measurement.error);
      if (error?.requestId !== undefined) span.setAttribute(semconv.AWS_REQUEST_ID, error.requestId);
      if (error) span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message ?? measurement.error });
    }
    span.end();
    this.duration().record(measurement.durationMs / 1000, attributes);
  }
}

/** Per-table or per-index units in DynamoDB's wire names. */
function wireUnits({ capacityUnits, readCapacityUnits, writeCapacityUnits }: Capacity): Record<string, number | undefined> {
  return { CapacityUnits: capacityUnits, ReadCapacityUnits: readCapacityUnits, WriteCapacityUnits: writeCapacityUnits };
}

function wireIndexes(indexes: Record<string, Capacity> | undefined): Record<string, Record<string, number | undefined>> | undefined {
  return indexes && Object.fromEntries(Object.entries(indexes).map(([name, units]) => [name, wireUnits(units)]));
}

/**
 * One `ConsumedCapacity` entry as the semantic conventions want it: the JSON of the response field, in
 * DynamoDB's wire names (in the API reference's order; absent fields left out).
 */
function wireCapacityJson(capacity: ConsumedCapacity): string {
  const { CapacityUnits, ReadCapacityUnits, WriteCapacityUnits } = wireUnits(capacity);
  return JSON.stringify({
    CapacityUnits,
    GlobalSecondaryIndexes: wireIndexes(capacity.globalSecondaryIndexes),
    LocalSecondaryIndexes: wireIndexes(capacity.localSecondaryIndexes),
    ReadCapacityUnits,
    Table: capacity.table && wireUnits(capacity.table),
    TableName: capacity.tableName,
    WriteCapacityUnits,
  });
}
