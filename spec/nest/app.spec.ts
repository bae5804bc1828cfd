import 'reflect-metadata';
import { Body, Controller, Get, Inject, Injectable, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { SpanStatusCode } from '@opentelemetry/api';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, map, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB, currentTags, items, type Measurement } from 'rx-dynamodb';
import { DynamoDBModule } from '../../src/nest/index.js';
import { openTelemetry } from '../../src/otel/index.js';
import { inMemoryTelemetry, type Telemetry } from '../otel/telemetry.js';
import { LOCAL_CREDENTIALS, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { useFaultProxy } from '../support/use-fault-proxy.js';

const table = uniqueTableName('NestOrders');
const measurements: Measurement[] = [];

@Controller('orders')
class OrdersController {
  constructor(@Inject(DynamoDB) private readonly db: DynamoDB) {}

  @Get(':customer')
  list(@Param('customer') customer: string) {
    return this.db
      .query(table, { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': customer } })
      .pipe(items(), toArray());
  }

  @Post()
  create(@Body() order: { pk: string; sk: number; total: number }) {
    return this.db.putItem(table, order, { conditionExpression: 'attribute_not_exists(pk)' }).pipe(map(() => order));
  }

  @Get('missing/table')
  missing() {
    return this.db.getItem('Secret_Missing_Table', { pk: 'x' });
  }

  @Get('whoami/tags')
  tags() {
    return currentTags();
  }
}

/** A stand-in for an app's config service, to feed forRootAsync. */
@Injectable()
class AppConfig {
  readonly dynamo = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', env: {} };
}

@Module({ providers: [AppConfig], exports: [AppConfig] })
class ConfigModule {}

const { server: dynalite, proxy } = useFaultProxy();
let app: INestApplication;
let base: string;
let telemetry: Telemetry;

async function listen(module: object): Promise<{ app: INestApplication; base: string }> {
  const started = await NestFactory.create(module as never, { logger: false });
  await started.listen(0, '127.0.0.1');
  const { port } = started.getHttpServer().address() as AddressInfo;
  return { app: started, base: `http://127.0.0.1:${port}` };
}

beforeAll(async () => {
  telemetry = inMemoryTelemetry();
  const tracers = [openTelemetry(telemetry)];
  const client = { endpoint: proxy.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, env: {}, maxRetries: 0, tags: { service: 'orders-api' }, tracers };

  @Module({ imports: [DynamoDBModule.forRoot({ client, httpErrors: { retryAfterSeconds: 2 } })], controllers: [OrdersController] })
  class AppModule {}

  ({ app, base } = await listen(AppModule));
  const db = app.get(DynamoDB);
  db.measurements$.subscribe((m) => measurements.push(m));
  await firstValueFrom(db.createTable(tableDefinition(table, true)));
  for (const [pk, sk] of [['ada', 1], ['ada', 2], ['bob', 1]] as const) await firstValueFrom(db.putItem(table, { pk, sk, total: sk * 10 }));
});

afterAll(async () => {
  await app?.close();
  await telemetry?.shutdown();
});

describe('DynamoDBModule.forRoot in a real Nest app backed by dynalite', () => {
  it('injects the client: a controller returns db.query(...).pipe(items(), toArray())', async () => {
    const response = await fetch(`${base}/orders/ada`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ pk: 'ada', sk: 1, total: 10 }, { pk: 'ada', sk: 2, total: 20 }]);
  });

  it('writes through a POST handler', async () => {
    const response = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pk: 'cy', sk: 1, total: 5 }) });
    expect(response.status).toBe(201);
    expect(await fetch(`${base}/orders/cy`).then((r) => r.json())).toEqual([{ pk: 'cy', sk: 1, total: 5 }]);
  });

  it('a failed condition is a 409 with a generic body', async () => {
    const response = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pk: 'ada', sk: 1, total: 0 }) });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ statusCode: 409, error: 'Conflict', message: 'The request conflicts with the current state of the resource.' });
  });

  it('throttling is a 429 with Retry-After', async () => {
    proxy.script({ kind: 'throttle', action: 'Query' });
    const response = await fetch(`${base}/orders/ada`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Too many requests; retry later.' });
  });

  it('any other DynamoDB error is a 500 that echoes nothing of it', async () => {
    const response = await fetch(`${base}/orders/missing/table`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'The server could not complete the request.' });
    expect(text).not.toMatch(/Secret_Missing_Table|ResourceNotFound|GetItem/);
  });

  it('other errors keep Nest’s own handling', async () => {
    const response = await fetch(`${base}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});

describe('correlation ids', () => {
  it('takes the id from X-Request-Id, echoes it, and tags the calls the request makes', async () => {
    measurements.length = 0;
    const response = await fetch(`${base}/orders/bob`, { headers: { 'X-Request-Id': 'req-123' } });
    expect(response.headers.get('x-correlation-id')).toBe('req-123');
    expect(measurements).toEqual([expect.objectContaining({ action: 'Query', tags: { service: 'orders-api', correlationId: 'req-123' } })]);
  });

  it('prefers X-Correlation-Id, and handlers read it with currentTags()', async () => {
    const response = await fetch(`${base}/orders/whoami/tags`, { headers: { 'X-Correlation-Id': 'corr-1', 'X-Request-Id': 'req-1' } });
    expect(await response.json()).toEqual({ correlationId: 'corr-1' });
  });

  it('makes a UUID when the request has no usable id, and sends it on error answers too', async () => {
    const response = await fetch(`${base}/orders/missing/table`, { headers: { 'X-Request-Id': 'not usable: spaces' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps concurrent requests apart', async () => {
    measurements.length = 0;
    await Promise.all(Array.from({ length: 20 }, (_, n) => fetch(`${base}/orders/${n % 2 ? 'ada' : 'bob'}`, { headers: { 'X-Correlation-Id': `c-${n}` } })));
    expect(measurements).toHaveLength(20);
    expect(new Set(measurements.map((m) => m.tags?.correlationId)).size).toBe(20);
  });
});

describe('spans', () => {
  it('records a span per call, tagged with the request’s correlation id, and failures as errors', async () => {
    await telemetry.reset();
    await fetch(`${base}/orders/ada`, { headers: { 'X-Correlation-Id': 'trace-me' } });
    await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Correlation-Id': 'conflict' }, body: JSON.stringify({ pk: 'ada', sk: 2, total: 0 }) });
    const spans = telemetry.spans();
    expect(spans.map((span) => [span.name, span.attributes['rx_dynamodb.tag.correlationId'], span.status.code])).toEqual([
      ['DynamoDB.Query', 'trace-me', SpanStatusCode.UNSET],
      ['DynamoDB.PutItem', 'conflict', SpanStatusCode.ERROR],
    ]);
    expect(spans[0]!.attributes).toMatchObject({ 'db.system.name': 'aws.dynamodb', 'db.collection.name': table, 'rx_dynamodb.tag.service': 'orders-api' });
    expect((await telemetry.durations())!.dataPoints.map((point) => point.attributes['db.operation.name']).sort()).toEqual(['PutItem', 'Query']);
  });
});

describe('DynamoDBModule.forRootAsync', () => {
  it('builds the client from injected config, and maps NoCredentialsError per its options', async () => {
    @Module({
      imports: [
        DynamoDBModule.forRootAsync({
          imports: [ConfigModule],
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => ({ ...config.dynamo, credentials: () => Promise.reject(new Error('metadata service rate-limited')) }),
          httpErrors: { noCredentialsRateLimit: true },
          correlation: false,
        }),
      ],
      controllers: [OrdersController],
    })
    class AsyncAppModule {}

    const other = await listen(AsyncAppModule);
    try {
      expect(other.app.get(DynamoDB).config.endpoint.url).toBe('http://127.0.0.1:9/');
      const response = await fetch(`${other.base}/orders/ada`);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.headers.get('x-correlation-id')).toBeNull();
      expect(await response.text()).not.toMatch(/metadata/);
    } finally {
      await other.app.close();
    }
  });

  it('leaves the filter out with httpErrors: false, and then Nest echoes the DynamoDB message', async () => {
    @Module({ imports: [DynamoDBModule.forRootAsync({ useFactory: () => ({ endpoint: dynalite.endpoint, credentials: LOCAL_CREDENTIALS, env: {} }), httpErrors: false })], controllers: [OrdersController] })
    class PlainAppModule {}

    const other = await listen(PlainAppModule);
    try {
      const response = await fetch(`${other.base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pk: 'ada', sk: 1, total: 0 }) });
      // Nest answers any error with `statusCode` and `message` with both: what the filter prevents.
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ statusCode: 400, message: 'PutItem: The conditional request failed' });
    } finally {
      await other.app.close();
    }
  });
});
