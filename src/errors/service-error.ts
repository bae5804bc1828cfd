import { DynamoDBError, type DynamoDBErrorInit } from './dynamodb-error.js';

/** What a service error is built from: the response's status, request id, message and extra fields. */
export interface ServiceErrorInit extends Omit<DynamoDBErrorInit, 'code' | 'retryable' | 'throttling'> {
  /** Extra fields of the error body (`CancellationReasons`, `Item`, `ThrottlingReasons`, ...). */
  body?: Record<string, unknown>;
}

/** The class of a service error: constructible, and with a cross-realm `is` guard. */
export interface ServiceErrorClass<N extends string, E extends ServiceError = ServiceError> {
  new (init: ServiceErrorInit): E & { readonly name: N };
  /** The DynamoDB error code this class stands for. */
  readonly code: N;
  /** True when `value` is an error of this code (works across realms). */
  is(value: unknown): value is E & { readonly name: N };
}

/** The error class for each code an AWS API returns. @internal */
export type ServiceErrorsByCode = ReadonlyMap<string, new (init: ServiceErrorInit) => ServiceError>;

/** How the client treats a service error code. */
export interface ServiceErrorTraits {
  retryable?: boolean;
  throttling?: boolean;
}

/** An error returned by DynamoDB; `code` is the text after `#` in the response's `__type`. */
export class ServiceError extends DynamoDBError {
  /** `ThrottlingReasons` when DynamoDB sent them. */
  declare readonly throttlingReasons?: unknown[];
}

/** Builds the class for one DynamoDB error code. @internal */
export function serviceError<N extends string>(code: N, traits: ServiceErrorTraits = {}): ServiceErrorClass<N> {
  const named = {
    [code]: class extends ServiceError {
      override name = code;
      static readonly code = code;
      constructor(init: ServiceErrorInit) {
        super({ ...init, code, retryable: traits.retryable ?? traits.throttling ?? false, throttling: traits.throttling ?? false });
        const reasons = init.body?.['ThrottlingReasons'];
        if (Array.isArray(reasons)) Object.defineProperty(this, 'throttlingReasons', { value: reasons, enumerable: true });
      }
      static is(value: unknown): boolean {
        return DynamoDBError.isDynamoDBError(value) && value.code === code;
      }
    },
  }[code];
  return named as unknown as ServiceErrorClass<N>;
}
