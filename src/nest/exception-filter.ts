import { type ArgumentsHost, Catch, type ExceptionFilter, Inject, Logger, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DynamoDBError, toHttpError, type HttpErrorOptions } from 'rx-dynamodb';
import { HTTP_ERROR_OPTIONS } from './options.js';

/**
 * Answers an rx-dynamodb error that reaches Nest over HTTP with {@link toHttpError}'s status,
 * headers and generic body (409 condition failed, 429 throttled with `Retry-After`, else 500),
 * on Express or Fastify. 5xx answers are logged with the error's code, message and request id,
 * which the client never sees. Other errors go to Nest's other filters; non-HTTP contexts get
 * the error back.
 */
@Catch(DynamoDBError)
export class DynamoDBExceptionFilter implements ExceptionFilter<DynamoDBError> {
  readonly #logger = new Logger('DynamoDBExceptionFilter');

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(HTTP_ERROR_OPTIONS) private readonly options: HttpErrorOptions = {},
  ) {}

  /** Sends the mapped answer. */
  catch(error: DynamoDBError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const { status, headers, body } = toHttpError(error, this.options);
    if (status >= 500) this.#logger.error(`${error.code}: ${error.message}${error.requestId ? ` (request id ${error.requestId})` : ''}`, error.stack);
    const adapter = this.adapterHost.httpAdapter;
    const response: unknown = host.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value);
    adapter.reply(response, body, status);
  }
}
