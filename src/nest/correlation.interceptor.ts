import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { withTags } from 'rx-dynamodb';
import { CORRELATION_OPTIONS, type CorrelationOptions } from './options.js';

const DEFAULT_HEADERS = ['x-correlation-id', 'x-request-id'];
const USABLE_ID = /^[\w.:;@/+=-]{1,128}$/;

/**
 * Gives each HTTP request a correlation id (from `X-Correlation-Id` or `X-Request-Id`, else a new
 * UUID), echoes it in `X-Correlation-Id`, and runs the handler in `withTags({ correlationId })`:
 * every DynamoDB call the handler subscribes, and every span and measurement of it, carries the id.
 * Read it in a handler with `currentTags().correlationId`. Guards and middleware run before it, so
 * their calls are not tagged.
 */
@Injectable()
export class CorrelationIdInterceptor implements NestInterceptor {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(CORRELATION_OPTIONS) private readonly options: CorrelationOptions = {},
  ) {}

  /** Runs the rest of the request (handler and the Observable it returns) in the id's scope. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const correlationId = this.#idOf(http.getRequest<{ headers?: Record<string, string | string[] | undefined> }>());
    const { responseHeader = 'X-Correlation-Id' } = this.options;
    if (responseHeader !== false) this.adapterHost.httpAdapter.setHeader(http.getResponse(), responseHeader, correlationId);
    // Both the call to handle() and the subscription happen in the scope: Nest binds the handler
    // to the async context of handle(), and the handler's Observable is subscribed later.
    return new Observable((subscriber) => withTags({ correlationId }, () => next.handle().subscribe(subscriber)));
  }

  #idOf(request: { headers?: Record<string, string | string[] | undefined> }): string {
    for (const name of this.options.headers ?? DEFAULT_HEADERS) {
      const raw = request.headers?.[name.toLowerCase()];
      const value = Array.isArray(raw) ? raw[0] : raw;
      if (value !== undefined && USABLE_ID.test(value)) return value;
    }
    return (this.options.generate ?? randomUUID)();
  }
}
