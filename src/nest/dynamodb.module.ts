import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { DynamoDB } from 'rx-dynamodb';
import { CorrelationIdInterceptor } from './correlation.interceptor.js';
import { DynamoDBExceptionFilter } from './exception-filter.js';
import {
  CORRELATION_OPTIONS,
  HTTP_ERROR_OPTIONS,
  type DynamoDBModuleAsyncOptions,
  type DynamoDBModuleExtras,
  type DynamoDBModuleOptions,
} from './options.js';

/**
 * Provides one `DynamoDB` client to a Nest app (inject it with `@Inject(DynamoDB)`), and registers
 * app-wide the exception filter that maps its errors to HTTP answers and the interceptor that gives
 * each request a correlation id.
 *
 * @example
 * @Module({ imports: [DynamoDBModule.forRoot({ client: { region: 'eu-west-1', tracers: [openTelemetry()] } })] })
 * export class AppModule {}
 */
@Module({})
export class DynamoDBModule {
  /** The module with a client built from `options.client`. */
  static forRoot(options: DynamoDBModuleOptions = {}): DynamicModule {
    return dynamoDBModule({ provide: DynamoDB, useFactory: () => new DynamoDB(options.client) }, options);
  }

  /**
   * The module with a client built from the options `useFactory` returns (or resolves to), given
   * the values of `inject`; e.g. from `ConfigService`.
   */
  static forRootAsync(options: DynamoDBModuleAsyncOptions): DynamicModule {
    const useFactory = async (...args: never[]) => new DynamoDB(await options.useFactory(...args));
    return dynamoDBModule({ provide: DynamoDB, useFactory, inject: options.inject ?? [] }, options, options.imports);
  }
}

function dynamoDBModule(client: Provider, extras: DynamoDBModuleExtras, imports: DynamicModule['imports'] = []): DynamicModule {
  const providers: Provider[] = [client];
  if (extras.httpErrors !== false) {
    providers.push({ provide: HTTP_ERROR_OPTIONS, useValue: extras.httpErrors ?? {} }, { provide: APP_FILTER, useClass: DynamoDBExceptionFilter });
  }
  if (extras.correlation !== false) {
    providers.push({ provide: CORRELATION_OPTIONS, useValue: extras.correlation ?? {} }, { provide: APP_INTERCEPTOR, useClass: CorrelationIdInterceptor });
  }
  return { module: DynamoDBModule, global: extras.isGlobal ?? true, imports, providers, exports: [DynamoDB] };
}
