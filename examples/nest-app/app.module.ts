import { Module } from '@nestjs/common';
import { DynamoDBModule } from 'rx-dynamodb/nest';
import { openTelemetry } from 'rx-dynamodb/otel';
import { OrdersController } from './orders.controller.js';
import { SlowCallsLogger } from './slow-calls.logger.js';

/**
 * The client comes from the environment (DYNAMODB_ENDPOINT, AWS_REGION, SERVICE, ENVIRONMENT, ...)
 * when the app starts; every call is traced with the global OpenTelemetry providers; a missing
 * table is answered with 503 rather than the default 500.
 */
@Module({
  imports: [
    DynamoDBModule.forRootAsync({
      useFactory: () => ({ tracers: [openTelemetry()], maxRetries: 5 }),
      httpErrors: { overrides: { ResourceNotFoundException: { status: 503, message: 'Orders are not available yet.' } }, retryAfterSeconds: 2 },
      correlation: { headers: ['x-correlation-id', 'x-request-id', 'x-amzn-trace-id'] },
    }),
  ],
  controllers: [OrdersController],
  providers: [SlowCallsLogger],
})
export class AppModule {}
