import { context, metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { withTags } from '../../src/instrumentation/tags.js';
import { openTelemetry } from '../../src/otel/index.js';
import { FakeDynamoDB } from '../../src/testing/fake-dynamodb.js';
import { itemResponse, okResponse, pageResponse, throttledResponse } from '../../src/testing/fixtures.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { inMemoryTelemetry, type Telemetry } from './telemetry.js';

let server: LocalDynamo;
let telemetry: Telemetry;
let db: DynamoDB;
const table = uniqueTableName('Otel');

beforeAll(async () => {
  server = await startDynalite();
  telemetry = inMemoryTelemetry();
  db = localClient(server.endpoint, { tracers: [openTelemetry(telemetry)], tags: { service: 'orders' } });
  await firstValueFrom(db.createTable(tableDefinition(table, true)));
  for (const sk of [1, 2, 3]) await firstValueFrom(db.putItem(table, { pk: 'p', sk }));
});
beforeEach(() => telemetry.reset());
afterAll(async () => {
  await telemetry.shutdown();
  await server.close();
});

describe('openTelemetry: a span per call, against dynalite', () => {
  it('records a CLIENT span named DynamoDB.<Operation> with the database attributes', async () => {
    await firstValueFrom(db.getItem(table, { pk: 'p', sk: 1 }, { returnConsumedCapacity: 'TOTAL' }));
    const [span] = telemetry.spans();
    expect(span).toMatchObject({ name: 'DynamoDB.GetItem', kind: SpanKind.CLIENT, status: { code: SpanStatusCode.UNSET } });
    const port = Number(new URL(server.endpoint).port);
    expect(span!.attributes).toEqual({
      'db.system.name': 'aws.dynamodb',
      'db.operation.name': 'GetItem',
      'db.collection.name': table,
      'aws.dynamodb.table_names': [table],
      'aws.dynamodb.consumed_capacity': [JSON.stringify({ CapacityUnits: 0.5, TableName: table })],
      'server.address': '127.0.0.1',
      'server.port': port,
      'cloud.region': 'us-east-1',
      'rx_dynamodb.tag.service': 'orders',
      'rx_dynamodb.attempts': 1,
    });
    expect(span!.events.map((e) => [e.name, e.attributes])).toEqual([
      ['rx_dynamodb.attempt', { 'rx_dynamodb.attempt.number': 1, 'rx_dynamodb.attempt.duration_ms': expect.any(Number), 'rx_dynamodb.attempt.will_retry': false, 'http.response.status_code': 200 }],
    ]);
  });

  it('records a failed call with error.type, status ERROR and an exception event', async () => {
    await firstValueFrom(db.putItem(table, { pk: 'p', sk: 1 }, { conditionExpression: 'attribute_not_exists(pk)' })).catch(() => undefined);
    const [span] = telemetry.spans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'PutItem: The conditional request failed' });
    expect(span!.attributes).toMatchObject({ 'error.type': 'ConditionalCheckFailedException', 'rx_dynamodb.attempts': 1 });
    expect(span!.events.map((e) => e.name)).toEqual(['rx_dynamodb.attempt', 'exception']);
    const durations = await telemetry.durations();
    expect(durations!.dataPoints[0]!.attributes).toMatchObject({ 'db.operation.name': 'PutItem', 'error.type': 'ConditionalCheckFailedException' });
  });

  it('parents each span to the span active where the call is subscribed, across the pages of a query', async () => {
    const parent = telemetry.tracerProvider.getTracer('app').startSpan('GET /orders');
    const opts = { keyConditionExpression: 'pk = :p', expressionAttributeValues: { ':p': 'p' }, limit: 1 };
    await context.with(trace.setSpan(context.active(), parent), () => lastValueFrom(db.query(table, opts).pipe(toArray())));
    parent.end();
    const queries = telemetry.spans().filter((s) => s.name === 'DynamoDB.Query');
    expect(queries.length).toBe(4); // three pages of one item, and the empty last one
    for (const span of queries) {
      expect(span.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
    }
  });

  it('carries the scope tags, such as a correlation id, as attributes', async () => {
    await withTags({ correlationId: 'req-9' }, () => firstValueFrom(db.getItem(table, { pk: 'p', sk: 2 })));
    expect(telemetry.spans()[0]!.attributes).toMatchObject({ 'rx_dynamodb.tag.correlationId': 'req-9', 'rx_dynamodb.tag.service': 'orders' });
  });

  it('records db.client.operation.duration in seconds, without tags as metric attributes', async () => {
    await withTags({ correlationId: 'req-10' }, () => firstValueFrom(db.getItem(table, { pk: 'p', sk: 2 })));
    await firstValueFrom(db.getItem(table, { pk: 'p', sk: 3 }));
    const durations = await telemetry.durations();
    expect(durations!.descriptor).toMatchObject({ name: 'db.client.operation.duration', unit: 's' });
    const point = durations!.dataPoints.find((p) => p.attributes['db.operation.name'] === 'GetItem');
    expect(point!.attributes).toEqual({
      'db.system.name': 'aws.dynamodb',
      'db.operation.name': 'GetItem',
      'db.collection.name': table,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.endpoint).port),
    });
    expect(point!.value.count).toBe(2);
    expect(point!.value.sum).toBeLessThan(5);
    expect(point!.value.buckets.boundaries).toEqual([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
  });
});

describe('openTelemetry: timing, retries and cancellation', () => {
  it('starts the span at subscribe and ends it when the call ends', async () => {
    const fake = new FakeDynamoDB();
    const client = fake.client({ tracers: [openTelemetry(telemetry)] });
    const values: unknown[] = [];
    client.getItem('Things', { id: 1 }).subscribe((value) => values.push(value));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(telemetry.spans()).toHaveLength(0);
    fake.expectOne('GetItem').reply(itemResponse({ id: 1 }));
    const [span] = telemetry.spans();
    const [seconds, nanos] = span!.duration;
    expect(seconds * 1000 + nanos / 1e6).toBeGreaterThanOrEqual(35);
    expect(values).toEqual([{ id: 1 }]);
  });

  it('records each attempt as an event, and the virtual duration of a retried call', async () => {
    const fake = new FakeDynamoDB();
    marbleScheduler().run(({ cold, expectObservable }) => {
      const answers = [cold('-t|', { t: throttledResponse() }), cold('-o|', { o: okResponse() })];
      let n = 0;
      fake.when('PutItem', () => answers[n++]!);
      expectObservable(fake.client({ tracers: [openTelemetry(telemetry)] }).putItem('Things', { id: 1 })).toBe('1002ms u|', { u: undefined });
    });
    const [span] = telemetry.spans();
    expect(span!.attributes['rx_dynamodb.attempts']).toBe(2);
    expect(span!.events.map((e) => e.attributes)).toEqual([
      { 'rx_dynamodb.attempt.number': 1, 'rx_dynamodb.attempt.duration_ms': 1, 'rx_dynamodb.attempt.will_retry': true, 'rx_dynamodb.attempt.backoff_ms': 1000, 'http.response.status_code': 400, 'error.type': 'ProvisionedThroughputExceededException' },
      { 'rx_dynamodb.attempt.number': 2, 'rx_dynamodb.attempt.duration_ms': 1, 'rx_dynamodb.attempt.will_retry': false, 'http.response.status_code': 200 },
    ]);
    const durations = await telemetry.durations();
    expect(durations!.dataPoints[0]!.value.sum).toBeCloseTo(1.002, 6);
  });

  it('keeps each page of a query under its own request’s span when the answers come from another context', () => {
    // One slot: B's query waits behind A's call, and every answer is delivered from the test's context.
    const fake = new FakeDynamoDB();
    const client = fake.client({ maxConcurrency: 1, tracers: [openTelemetry(telemetry)] });
    const app = telemetry.tracerProvider.getTracer('app');
    const [a, b] = [app.startSpan('request A'), app.startSpan('request B')];
    context.with(trace.setSpan(context.active(), a), () => client.getItem('Things', { id: 1 }).subscribe());
    context.with(trace.setSpan(context.active(), b), () => client.query('Things', { keyConditionExpression: 'id = :id', expressionAttributeValues: { ':id': 1 } }).subscribe());
    fake.expectOne('GetItem').reply(itemResponse({ id: 1 }));
    fake.expectOne('Query').reply(pageResponse([{ id: 1, n: 1 }], { id: 1, n: 1 }));
    fake.expectOne('Query').reply(pageResponse([]));
    const parentOf = (span: { parentSpanContext?: { spanId: string } | undefined }) => span.parentSpanContext?.spanId;
    expect(telemetry.spans().map((span) => [span.name, parentOf(span)])).toEqual([
      ['DynamoDB.GetItem', a.spanContext().spanId],
      ['DynamoDB.Query', b.spanContext().spanId],
      ['DynamoDB.Query', b.spanContext().spanId],
    ]);
  });

  it('ends the span of a cancelled call, marked, and leaves it out of the histogram', async () => {
    const fake = new FakeDynamoDB();
    const subscription = fake.client({ tracers: [openTelemetry(telemetry)] }).getItem('Things', { id: 1 }).subscribe();
    subscription.unsubscribe();
    expect(fake.calls[0]!.cancelled).toBe(true);
    expect(telemetry.spans()[0]!.attributes).toMatchObject({ 'rx_dynamodb.cancelled': true, 'rx_dynamodb.attempts': 1 });
    expect(await telemetry.durations()).toBeUndefined();
  });

  it('uses the global providers by default, registered before or after the tracer is made', async () => {
    const tracer = openTelemetry();
    trace.setGlobalTracerProvider(telemetry.tracerProvider);
    metrics.setGlobalMeterProvider(telemetry.meterProvider);
    try {
      await firstValueFrom(new FakeDynamoDB().when('GetItem', () => okResponse()).client({ tracers: [tracer] }).getItem('Things', { id: 1 }));
    } finally {
      trace.disable();
      metrics.disable();
    }
    expect(telemetry.spans().map((s) => s.name)).toEqual(['DynamoDB.GetItem']);
    expect((await telemetry.durations())!.dataPoints).toHaveLength(1);
  });
});
