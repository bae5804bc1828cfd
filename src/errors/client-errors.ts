import { DynamoDBError } from './dynamodb-error.js';

/** Fields a client-side error may carry besides its message. */
interface ClientErrorOptions {
  cause?: unknown;
  action?: string | undefined;
}

/** Bad input, refused before anything is sent. `parameter` names the offending input, e.g. `item.tags[2]`. */
export class InvalidParameterError extends DynamoDBError {
  override name = 'InvalidParameterError' as const;
  /** The parameter or attribute path at fault. */
  readonly parameter: string;
  constructor(parameter: string, problem: string, options: ClientErrorOptions = {}) {
    super({ code: 'InvalidParameterError', message: `${parameter}: ${problem}`, ...options });
    this.parameter = parameter;
  }
}

/** A named profile is in neither the shared `config` nor the `credentials` file. Older clients: `NoProfileError`. */
export class NoProfileError extends DynamoDBError {
  override name = 'NoProfileError' as const;
  /** The profile that was asked for. */
  readonly profile: string;
  constructor(profile: string, message: string) {
    super({ code: 'NoProfileError', message });
    this.profile = profile;
  }
}

/** No credential source in the chain produced credentials. Older clients: `NoCredentialsError`. */
export class NoCredentialsError extends DynamoDBError {
  override name = 'NoCredentialsError' as const;
  constructor(message: string, options: ClientErrorOptions = {}) {
    super({ code: 'NoCredentialsError', message, ...options });
  }
}

/** A configuration value or file is unusable (unreadable, bad syntax, bad permissions, bad option). */
export class ConfigError extends DynamoDBError {
  override name = 'ConfigError' as const;
  constructor(message: string, options: ClientErrorOptions = {}) {
    super({ code: 'ConfigError', message, ...options });
  }
}

/**
 * An attempt took longer than `timeoutMs`: retried. Or `waitForTable` gave up after its whole `timeoutMs`:
 * not retryable (`retryable: false`), as retrying would wait all over again. Named apart from RxJS's
 * `TimeoutError`, which the `timeout()` operator throws. With an `action`, the message starts with it
 * (`GetItem: ...`), as every error of a call does. Older clients: `TimeoutException`.
 */
export class DynamoDBTimeoutError extends DynamoDBError {
  override name = 'DynamoDBTimeoutError' as const;
  /** `retryable` is true by default (an attempt's timeout); false for a wait that gave up as a whole. */
  constructor(timeoutMs: number, options: ClientErrorOptions & { message?: string; retryable?: boolean } = {}) {
    const { message = `no response within timeoutMs (${timeoutMs} ms); the attempt was aborted`, retryable = true, ...rest } = options;
    super({ code: 'DynamoDBTimeoutError', message: rest.action === undefined ? message : `${rest.action}: ${message}`, retryable, ...rest });
  }
}

/** The connection failed (reset, refused, DNS, ...); `cause.code` is the socket error code. Retried when transient. */
export class NetworkError extends DynamoDBError {
  override name = 'NetworkError' as const;
  constructor(message: string, retryable: boolean, options: ClientErrorOptions = {}) {
    super({ code: 'NetworkError', message, retryable, ...options });
  }
}

/** The response body does not match its `x-amz-crc32` header (corrupted or truncated). Retried. */
export class ChecksumError extends DynamoDBError {
  override name = 'ChecksumError' as const;
  constructor(expected: string, actual: number, options: ClientErrorOptions & { statusCode?: number; requestId?: string | undefined } = {}) {
    super({
      code: 'ChecksumError',
      message: `response checksum mismatch: x-amz-crc32 says ${expected}, body has ${actual}`,
      retryable: true,
      ...options,
    });
  }
}

/** The response could not be understood (not JSON, or not the shape DynamoDB sends). Retried. */
export class MalformedResponseError extends DynamoDBError {
  override name = 'MalformedResponseError' as const;
  constructor(message: string, options: ClientErrorOptions & { statusCode?: number | undefined; requestId?: string | undefined } = {}) {
    super({ code: 'MalformedResponseError', message, retryable: true, ...options });
  }
}

/**
 * A response body passed the size cap (raw or decompressed; see `MAX_RESPONSE_BYTES`, 128 MiB), far above
 * anything DynamoDB sends: the endpoint is broken or hostile. The client stopped reading at the cap and
 * closed the connection. Also a body over 8 MiB holding more JSON objects and arrays than DynamoDB can send
 * (`MAX_RESPONSE_CONTAINERS`, 10 million), refused before parsing; `limitBytes` is then the 8 MiB size past
 * which they are counted. Not retried.
 */
export class ResponseTooLargeError extends DynamoDBError {
  override name = 'ResponseTooLargeError' as const;
  /** The cap that was passed, in bytes. */
  readonly limitBytes: number;
  constructor(message: string, limitBytes: number, options: ClientErrorOptions & { statusCode?: number | undefined; requestId?: string | undefined } = {}) {
    super({ code: 'ResponseTooLargeError', message, ...options });
    this.limitBytes = limitBytes;
  }
}

/** What a {@link BatchIncompleteError} is built from. */
export interface BatchIncompleteInit<R> {
  /** `BatchGetItem` or `BatchWriteItem`. */
  action: string;
  unprocessed: R;
  processed: number;
  /** Why the call stopped; absent when DynamoDB kept handing the rest back unprocessed. */
  cause?: unknown;
}

/**
 * A batch call (`batchGetItem`, `batchWriteItem`, `bulkWrite`) stopped before it was done. `unprocessed`
 * holds exactly what was not read or not acknowledged, shaped like the call's request so it can be sent
 * again as is; `processed` counts what was done. `cause` is the error that stopped it; without one, DynamoDB
 * returned the rest as unprocessed for more than `maxRetries` rounds in a row without progress (`throttling`).
 * Not retried by the client.
 *
 * @example
 * db.batchWriteItem(request).pipe(catchError((e) => (e instanceof BatchIncompleteError ? db.batchWriteItem(e.unprocessed) : throwError(() => e))))
 */
export class BatchIncompleteError<R = unknown> extends DynamoDBError {
  override name = 'BatchIncompleteError' as const;
  /** What was not done, per table, shaped as the call's request (`{ T: { keys } }` for reads, `{ T: writes }` for writes). */
  readonly unprocessed: R;
  /** Keys read, or writes acknowledged, before the call stopped. */
  readonly processed: number;
  constructor(message: string, init: BatchIncompleteInit<R>) {
    super({ code: 'BatchIncompleteError', message, action: init.action, throttling: init.cause === undefined, cause: init.cause });
    this.unprocessed = init.unprocessed;
    this.processed = init.processed;
  }
}
