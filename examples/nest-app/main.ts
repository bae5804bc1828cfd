// An HTTP API of orders on NestJS with rx-dynamodb: the client injected by DynamoDBModule, errors
// answered by its filter, a correlation id per request, spans and metrics through OpenTelemetry.
// Run: npm run example:nest   (an embedded dynalite on 127.0.0.1; or set DYNAMODB_ENDPOINT: see README.md)
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { firstValueFrom } from 'rxjs';
import { DynamoDB } from 'rx-dynamodb';
import { startDynalite } from '../../spec/support/dynalite.js';
import { AppModule } from './app.module.js';
import { ensureOrdersTable } from './orders.table.js';
import { startTelemetry } from './telemetry.js';

// The app reads its client's settings from the environment, as a deployed app would. Without
// DYNAMODB_ENDPOINT it gets an embedded dynalite (which checks no signature) rather than AWS.
const embedded = process.env['DYNAMODB_ENDPOINT'] ? undefined : await startDynalite();
if (embedded) {
  Object.assign(process.env, { DYNAMODB_ENDPOINT: embedded.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  delete process.env['AWS_SESSION_TOKEN'];
  delete process.env['AWS_PROFILE'];
}
const stopTelemetry = startTelemetry();
const app = await NestFactory.create(AppModule);
await firstValueFrom(ensureOrdersTable(app.get(DynamoDB)));
await app.listen(Number(process.env['PORT'] ?? 3000), '127.0.0.1');
console.log(`orders API on ${await app.getUrl()}${embedded ? `, DynamoDB (dynalite) on ${embedded.endpoint}` : ''}`);
process.once('SIGINT', () => void app.close().then(stopTelemetry).then(() => embedded?.close()));
