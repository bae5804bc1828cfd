import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from 'rx-dynamodb';
import { AppModule } from '../../examples/nest-app/app.module.js';
import { ensureOrdersTable } from '../../examples/nest-app/orders.table.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { LOCAL_CREDENTIALS } from '../support/local-client.js';

// The example reads its client's settings from the environment, as a deployed app would.
const ENV = { DYNAMODB_ENDPOINT: '', AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey, SERVICE: 'orders-api' };
const saved = Object.fromEntries(Object.keys(ENV).map((name) => [name, process.env[name]]));

let dynalite: LocalDynamo;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  dynalite = await startDynalite();
  Object.assign(process.env, ENV, { DYNAMODB_ENDPOINT: dynalite.endpoint });
  app = await NestFactory.create(AppModule, { logger: false });
  await firstValueFrom(ensureOrdersTable(app.get(DynamoDB)));
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  await dynalite?.close();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const place = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${base}/customers/ada/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('examples/nest-app against dynalite', () => {
  it('places an order once, answers the second attempt with 409, and lists the orders', async () => {
    const created = await place({ id: 'o1', total: 12 }, { 'X-Request-Id': 'demo-1' });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe('demo-1');
    const again = await place({ id: 'o1', total: 12 });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ statusCode: 409, error: 'Conflict', message: 'The request conflicts with the current state of the resource.' });
    expect(await fetch(`${base}/customers/ada/orders`).then((r) => r.json())).toEqual([{ customer: 'ada', id: 'o1', total: 12 }]);
  });

  it('reads one order, or answers 404', async () => {
    expect(await fetch(`${base}/customers/ada/orders/o1`).then((r) => r.json())).toEqual({ customer: 'ada', id: 'o1', total: 12 });
    expect((await fetch(`${base}/customers/ada/orders/none`)).status).toBe(404);
  });

  it('tags the calls with the service from the environment and the request’s id', async () => {
    const seen: unknown[] = [];
    const subscription = app.get(DynamoDB).measurements$.subscribe((m) => seen.push(m.tags));
    await fetch(`${base}/customers/ada/orders`, { headers: { 'X-Amzn-Trace-Id': 'Root=1-67891233-abcdef012345678912345678;Sampled=1' } });
    subscription.unsubscribe();
    expect(seen).toEqual([{ service: 'orders-api', correlationId: 'Root=1-67891233-abcdef012345678912345678;Sampled=1' }]);
  });
});
