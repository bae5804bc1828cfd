import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { DynamoDBOptions, HttpErrorOptions } from 'rx-dynamodb';

/** How the correlation-id interceptor finds, makes and echoes each request's id. */
export interface CorrelationOptions {
  /**
   * Request headers to take the id from; the first present one wins.
   * @default ['x-correlation-id', 'x-request-id']
   */
  headers?: string[] | undefined;
  /**
   * Response header that echoes the id (also on error responses); `false` for none.
   * @default 'X-Correlation-Id'
   */
  responseHeader?: string | false | undefined;
  /**
   * Makes an id for a request without a usable one (absent, longer than 128 characters, or with
   * characters other than letters, digits and `_ . : ; @ / + = -`).
   * @default crypto.randomUUID
   */
  generate?: (() => string) | undefined;
}

/** What the module registers besides the client; shared by `forRoot` and `forRootAsync`. */
export interface DynamoDBModuleExtras {
  /**
   * Registers {@link DynamoDBExceptionFilter} app-wide with these mapping options; `false` leaves it out.
   * @default {}
   */
  httpErrors?: HttpErrorOptions | false | undefined;
  /**
   * Registers {@link CorrelationIdInterceptor} app-wide with these options; `false` leaves it out.
   * @default {}
   */
  correlation?: CorrelationOptions | false | undefined;
  /**
   * Makes the client injectable in every module, not only in those that import this one.
   * @default true
   */
  isGlobal?: boolean | undefined;
}

/** Options of `DynamoDBModule.forRoot`. */
export interface DynamoDBModuleOptions extends DynamoDBModuleExtras {
  /** Options of the `DynamoDB` client. */
  client?: DynamoDBOptions | undefined;
}

/** Options of `DynamoDBModule.forRootAsync`: the client's options come from a factory with injected dependencies. */
export interface DynamoDBModuleAsyncOptions extends DynamoDBModuleExtras {
  /** Modules that export what `inject` names. */
  imports?: ModuleMetadata['imports'] | undefined;
  /** Tokens whose values `useFactory` receives, in order. */
  inject?: FactoryProvider['inject'] | undefined;
  /** Returns the client's options. */
  useFactory: (...args: never[]) => DynamoDBOptions | Promise<DynamoDBOptions>;
}

/** Injection token of the filter's {@link HttpErrorOptions}. @internal */
export const HTTP_ERROR_OPTIONS = Symbol('rx-dynamodb:http-error-options');
/** Injection token of the interceptor's {@link CorrelationOptions}. @internal */
export const CORRELATION_OPTIONS = Symbol('rx-dynamodb:correlation-options');
