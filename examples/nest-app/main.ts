// An HTTP API of orders on NestJS with rx-dynamodb: the client injected by DynamoDBModule, errors
// answered by its filter, a correlation id per request, spans and metrics through OpenTelemetry.
// Run: DYNAMODB_ENDPOINT=http://127.0.0.1:8000 npm run example:nest   (see README.md)
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { firstValueFrom } from 'rxjs';
import { DynamoDB } from 'rx-dynamodb';
import { AppModule } from './app.module.js';
import { ensureOrdersTable } from './orders.table.js';
import { startTelemetry } from './telemetry.js';

const stopTelemetry = startTelemetry();
const app = await NestFactory.create(AppModule);
await firstValueFrom(ensureOrdersTable(app.get(DynamoDB)));
await app.listen(Number(process.env['PORT'] ?? 3000), '127.0.0.1');
console.log(`orders API on ${await app.getUrl()}`);
process.once('SIGINT', () => void app.close().then(stopTelemetry));
