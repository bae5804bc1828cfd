/** Marks rx-dynamodb errors so that guards work across realms and duplicated installs. */
const BRAND = Symbol.for('rx-dynamodb.error');

/** What every {@link DynamoDBError} is built from. */
export interface DynamoDBErrorInit {
  /** Stable machine-readable code: the DynamoDB error code, or the client error's name. */
  code: string;
  message: string;
  /** Whether the client retries this error (throttling, 5xx, network, timeout, checksum). */
  retryable?: boolean;
  /** Whether the error says the caller is sending too fast. */
  throttling?: boolean;
  statusCode?: number | undefined;
  requestId?: string | undefined;
  /** The DynamoDB action (`GetItem`, ...) of the failed call. */
  action?: string | undefined;
  cause?: unknown;
}

/**
 * The base of every error rx-dynamodb raises, from the service or from the client itself.
 *
 * @example
 * db.getItem('Users', { id: 1 }).subscribe({ error: (e: DynamoDBError) => console.log(e.code, e.retryable) });
 */
export class DynamoDBError extends Error {
  override name = 'DynamoDBError';
  /** Stable machine-readable code: the DynamoDB error code, or the client error's name. */
  readonly code: string;
  /** Whether the client retries this error. */
  readonly retryable: boolean;
  /** Whether the error says the caller is sending too fast. */
  readonly throttling: boolean;
  /** HTTP status of the response, when there was one. */
  declare readonly statusCode?: number;
  /** `x-amzn-RequestId` of the response, for AWS support. */
  declare readonly requestId?: string;
  /** The DynamoDB action (`GetItem`, ...) of the failed call. */
  declare action?: string;

  constructor(init: DynamoDBErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable ?? false;
    this.throttling = init.throttling ?? false;
    if (init.statusCode !== undefined) this.statusCode = init.statusCode;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.action !== undefined) this.action = init.action;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for any rx-dynamodb error, even one made by another copy of the library. */
  static isDynamoDBError(value: unknown): value is DynamoDBError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** A plain-object view with the public fields (never credentials), for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      throttling: this.throttling,
      statusCode: this.statusCode,
      requestId: this.requestId,
      action: this.action,
    };
  }
}
