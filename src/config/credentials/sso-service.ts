import type { IncomingHttpHeaders } from 'node:http';
import { map, type Observable } from 'rxjs';
import { MalformedResponseError } from '../../errors/client-errors.js';
import { CredentialServiceError, type CredentialService } from '../../errors/credential-service-error.js';
import { isRecord } from '../../util/is-record.js';
import { askService, type ServiceRoute, type TextRequest } from './http.js';
import { redactor } from '../../util/redact.js';
import { makeCredentials, stringFields, type Fail } from './parse.js';
import type { Credentials } from './types.js';

/** SSO-OIDC's `expiresIn` is an Integer: a 32-bit one. */
const MAX_INT32 = 2_147_483_647;

/** @internal The role an IAM Identity Center (SSO) profile names. */
export interface SsoRole {
  accountId: string;
  roleName: string;
}

/** @internal What SSO-OIDC `CreateToken` answers to a refresh: a new access token, how long it lasts, maybe a new refresh token. */
export interface RefreshedToken {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken?: string | undefined;
}

/**
 * @internal The SSO portal's `GetRoleCredentials`: `GET /federation/credentials?account_id=&role_name=` with
 * the access token in `x-amz-sso_bearer_token`. `hint` (how to sign in again) is added to the message of a refusal (4xx but 429).
 *
 * @throws (as error notifications) CredentialServiceError with the portal's code (`UnauthorizedException`
 *   for an expired or revoked token); NoCredentialsError when the portal cannot be reached;
 *   MalformedResponseError for an answer without credentials.
 */
export function getRoleCredentials(endpoint: ServiceRoute, accessToken: string, role: SsoRole, hint: string): Observable<Credentials> {
  const route = withPath(endpoint, '/federation/credentials');
  route.url.search = new URLSearchParams({ account_id: role.accountId, role_name: role.roleName }).toString();
  const request = { headers: { 'x-amz-sso_bearer_token': accessToken } };
  return call('SSO', 'GetRoleCredentials', route, request, [accessToken], hint).pipe(
    map((document) => {
      const fail: Fail = (problem) => new MalformedResponseError(`SSO GetRoleCredentials answered with ${problem}`, { action: 'GetRoleCredentials' });
      const roleCredentials = isRecord(document) ? document['roleCredentials'] : undefined;
      if (!isRecord(roleCredentials)) throw fail('no roleCredentials object');
      const { required } = stringFields(roleCredentials, (problem) => fail(`roleCredentials.${problem}`));
      const expiration = roleCredentials['expiration'];
      // A number past a Date's range (±8.64e15) is an Invalid Date, which the cache could never judge: never cached, fetched per call.
      const expiresAt = typeof expiration === 'number' ? new Date(expiration) : undefined;
      if (expiresAt === undefined || Number.isNaN(expiresAt.getTime())) throw fail('no roleCredentials.expiration in epoch milliseconds');
      return makeCredentials(required('accessKeyId'), required('secretAccessKey'), required('sessionToken'), expiresAt);
    }),
  );
}

/**
 * @internal SSO-OIDC's `CreateToken` with `grantType: refresh_token`: `POST /token` with the client id and
 * secret and the refresh token the cache holds.
 *
 * @throws as {@link getRoleCredentials}, with SSO-OIDC's codes (`InvalidGrantException`, `ExpiredTokenException`, ...);
 *   the caller says what to do about them.
 */
export function createToken(endpoint: ServiceRoute, client: { clientId: string; clientSecret: string; refreshToken: string }): Observable<RefreshedToken> {
  const body = JSON.stringify({ ...client, grantType: 'refresh_token' });
  const request = { method: 'POST' as const, headers: { 'Content-Type': 'application/json' }, body };
  return call('SSO OIDC', 'CreateToken', withPath(endpoint, '/token'), request, [client.clientSecret, client.refreshToken], '').pipe(
    map((document) => {
      const fail: Fail = (problem) => new MalformedResponseError(`SSO OIDC CreateToken answered with ${problem}`, { action: 'CreateToken' });
      const { optional, required } = stringFields(document, fail);
      const expiresIn = (document as Record<string, unknown>)['expiresIn'];
      // A 32-bit integer, as documented: more made the written-back expiresAt an Invalid Date (a RangeError, the new token lost).
      if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > MAX_INT32) throw fail('no expiresIn in whole seconds (a 32-bit integer)');
      return { accessToken: required('accessToken'), expiresInSeconds: expiresIn, refreshToken: optional('refreshToken') };
    }),
  );
}

/** Sends one rest-JSON request and emits its parsed body; errors as {@link CredentialServiceError}s, with `secrets` blanked and `hint` (if any) added to refusals. */
function call(
  service: CredentialService,
  action: string,
  route: ServiceRoute,
  request: Omit<TextRequest, 'timeoutMs' | 'retries' | 'proxy'>,
  secrets: readonly string[],
  hint: string,
): Observable<unknown> {
  return askService(service, action, route, { ...request, errorOf: (status, body, headers) => restJsonError(service, action, status, body, headers, secrets, hint) }).pipe(
    map((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // JSON.parse quotes what it chokes on, which may be a secret.
        throw new MalformedResponseError(`${service} ${action} answered with a body that is not JSON`, { action });
      }
    }),
  );
}

/**
 * The error of a rest-JSON response: the code from `x-amzn-ErrorType`, else the body's `__type` (after `#`),
 * `code` or OAuth `error`; the message from `message`, `Message` or `error_description`; each with `secrets` blanked
 * (a service may echo what it was sent), before the code is cut at `:` and `#`.
 */
function restJsonError(
  service: CredentialService,
  action: string,
  status: number,
  text: string,
  headers: IncomingHttpHeaders,
  secrets: readonly string[],
  hint: string,
): CredentialServiceError {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isRecord(parsed)) body = parsed;
  } catch {
    // Not JSON: the status is all there is.
  }
  const redact = redactor(secrets);
  const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? redact(value.trim()) : undefined);
  const header = headers['x-amzn-errortype'];
  const typed = textOf(Array.isArray(header) ? header[0] : header) ?? textOf(body['__type']) ?? textOf(body['code']) ?? textOf(body['error']);
  const code = typed?.split(':')[0]?.split('#').pop() || `HTTP${status}`;
  const message = textOf(body['message']) ?? textOf(body['Message']) ?? textOf(body['error_description']) ?? `HTTP ${status}`;
  const requestId = textOf(headers['x-amzn-requestid']);
  return new CredentialServiceError({
    service,
    action,
    code,
    message: message + (hint !== '' && status >= 400 && status < 500 && status !== 429 ? `. ${hint}` : ''),
    statusCode: status,
    requestId,
  });
}

/** The endpoint with `path` after its own path (a configured endpoint may have one), through the same proxy. */
function withPath(endpoint: ServiceRoute, path: string): ServiceRoute {
  const url = new URL(endpoint.url.href);
  url.pathname = url.pathname.replace(/\/+$/, '') + path;
  url.search = '';
  return { url, proxy: endpoint.proxy };
}
