import { DynamoDBError } from './dynamodb-error.js';

/** The AWS services that credential sources call. */
export type CredentialService = 'STS' | 'SSO' | 'SSO OIDC';

/**
 * Codes the AWS SDKs retry when these services send them: throttling, transient faults, and STS's
 * `IDPCommunicationError` (the identity provider did not answer STS in time). Any 5xx and 429 are retried too.
 */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'IDPCommunicationError', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException',
  'InternalFailure', 'InternalServerException', 'ServiceUnavailable', 'RequestTimeout', 'RequestTimeoutException',
]);

/** What a {@link CredentialServiceError} is built from. */
export interface CredentialServiceErrorInit {
  service: CredentialService;
  /** The service's error code, e.g. `AccessDenied`, `ExpiredTokenException`, `UnauthorizedException`. */
  code: string;
  message: string;
  /** The service action, e.g. `AssumeRoleWithWebIdentity`, `GetRoleCredentials`, `CreateToken`. */
  action: string;
  statusCode: number;
  requestId?: string | undefined;
}

/**
 * STS, the IAM Identity Center (SSO) portal or SSO-OIDC refused a request for credentials. `code` is the
 * service's own error code (`AccessDenied`, `InvalidIdentityToken`, `ExpiredTokenException`,
 * `RegionDisabledException`, `IDPCommunicationError`, `UnauthorizedException`, ...), `service` says which
 * service answered and `action` what was asked. Retryable for throttling, 5xx and `IDPCommunicationError`.
 *
 * @example if (error instanceof CredentialServiceError && error.code === 'AccessDenied') console.error(error.message);
 */
export class CredentialServiceError extends DynamoDBError {
  override name = 'CredentialServiceError' as const;
  /** The service that refused: `STS`, `SSO` or `SSO OIDC`. */
  readonly service: CredentialService;

  constructor(init: CredentialServiceErrorInit) {
    super({
      code: init.code,
      message: `${init.service} ${init.action} failed: ${init.code}: ${init.message}`,
      retryable: init.statusCode >= 500 || init.statusCode === 429 || RETRYABLE_CODES.has(init.code),
      statusCode: init.statusCode,
      requestId: init.requestId,
      action: init.action,
    });
    this.service = init.service;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), service: this.service };
  }
}
