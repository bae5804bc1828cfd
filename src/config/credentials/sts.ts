import aws4 from 'aws4';
import { defer, map, retry, throwError, timer, type Observable } from 'rxjs';
import { amzDate, type SigningClock } from '../../http/signing-clock.js';
import { askService } from './http.js';
import type { ServiceEndpoint } from './service-endpoints.js';
import { readStsCredentials, readStsError, type StsAction } from './sts-response.js';
import type { Credentials } from './types.js';

const VERSION = '2011-06-15';

/** What a role to assume is: the parameters STS `AssumeRole` and `AssumeRoleWithWebIdentity` share. */
export interface RoleRequest {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number | undefined;
}

/** @internal `AssumeRole` parameters. */
export interface AssumeRoleRequest extends RoleRequest {
  externalId?: string | undefined;
}

/**
 * @internal Calls STS `AssumeRole`, signed (SigV4, service `sts`) with `source` at the time of `clock`, and emits
 * the role's temporary credentials. A refusal for a skewed clock (see `SigningClock.correct`) corrects `clock`
 * and is signed and sent again once.
 *
 * @throws (as error notifications) CredentialServiceError with STS's code; NoCredentialsError when STS
 *   cannot be reached (see `askService`); MalformedResponseError for an answer that is no AssumeRole response.
 */
export function assumeRole(endpoint: ServiceEndpoint, source: Credentials, request: AssumeRoleRequest, clock: SigningClock): Observable<Credentials> {
  const parameters = {
    RoleArn: request.roleArn,
    RoleSessionName: request.roleSessionName,
    ...(request.externalId === undefined ? {} : { ExternalId: request.externalId }),
    ...(request.durationSeconds === undefined ? {} : { DurationSeconds: String(request.durationSeconds) }),
  };
  const secrets = [source.secretAccessKey, ...(source.sessionToken === undefined ? [] : [source.sessionToken])];
  return callSts(endpoint, 'AssumeRole', parameters, secrets, { credentials: source, clock });
}

/**
 * @internal Calls STS `AssumeRoleWithWebIdentity` (unsigned: the token is the proof) and emits the role's
 * temporary credentials.
 *
 * @throws as {@link assumeRole}.
 */
export function assumeRoleWithWebIdentity(endpoint: ServiceEndpoint, request: RoleRequest & { webIdentityToken: string }): Observable<Credentials> {
  const parameters = {
    RoleArn: request.roleArn,
    RoleSessionName: request.roleSessionName,
    WebIdentityToken: request.webIdentityToken,
    ...(request.durationSeconds === undefined ? {} : { DurationSeconds: String(request.durationSeconds) }),
  };
  return callSts(endpoint, 'AssumeRoleWithWebIdentity', parameters, [request.webIdentityToken]);
}

/**
 * POSTs one query-protocol request (a form) to STS, signed on each subscription when `signing` is given, and
 * reads the credentials of its XML answer. A signed request refused for its time is signed again once, by the
 * clock it corrected.
 */
function callSts(
  endpoint: ServiceEndpoint,
  action: StsAction,
  parameters: Record<string, string>,
  secrets: readonly string[],
  signing?: { credentials: Credentials; clock: SigningClock },
): Observable<Credentials> {
  const { url, region } = endpoint;
  const body = new URLSearchParams({ Action: action, Version: VERSION, ...parameters }).toString();
  let skewed: unknown;
  return defer(() => {
    const headers: Record<string, string> = { Host: url.host, 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const signedAt = signing?.clock.now() ?? 0;
    if (signing !== undefined) {
      headers['X-Amz-Date'] = amzDate(signedAt);
      const signed = aws4.sign({ host: url.host, path: url.pathname, method: 'POST', service: 'sts', region, body, headers }, signing.credentials);
      for (const [name, value] of Object.entries(signed.headers ?? {})) headers[name] = String(value);
    }
    const sent = [...secrets, /Signature=([0-9a-f]+)/.exec(headers['Authorization'] ?? '')?.[1]];
    const errorOf = (status: number, text: string, responseHeaders: Readonly<Record<string, unknown>>) => {
      const error = readStsError(status, text, action, sent);
      if (signing?.clock.correct(error.code, signedAt, responseHeaders)) skewed = error;
      return error;
    };
    return askService('STS', action, endpoint, { method: 'POST', headers, body, errorOf });
  }).pipe(
    retry({ count: 1, delay: (error: unknown) => (error === skewed ? timer(0) : throwError(() => error)) }),
    map((text) => readStsCredentials(text, action)),
  );
}
