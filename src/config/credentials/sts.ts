import aws4 from 'aws4';
import { defer, map, type Observable } from 'rxjs';
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
 * @internal Calls STS `AssumeRole`, signed (SigV4, service `sts`) with `source`, and emits the role's
 * temporary credentials.
 *
 * @throws (as error notifications) CredentialServiceError with STS's code; NoCredentialsError when STS
 *   cannot be reached (see `askService`); MalformedResponseError for an answer that is no AssumeRole response.
 */
export function assumeRole(endpoint: ServiceEndpoint, source: Credentials, request: AssumeRoleRequest): Observable<Credentials> {
  const parameters = {
    RoleArn: request.roleArn,
    RoleSessionName: request.roleSessionName,
    ...(request.externalId === undefined ? {} : { ExternalId: request.externalId }),
    ...(request.durationSeconds === undefined ? {} : { DurationSeconds: String(request.durationSeconds) }),
  };
  const secrets = [source.secretAccessKey, ...(source.sessionToken === undefined ? [] : [source.sessionToken])];
  return callSts(endpoint, 'AssumeRole', parameters, secrets, source);
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

/** POSTs one query-protocol request (a form) to STS, signed on each subscription, and reads the credentials of its XML answer. */
function callSts(
  endpoint: ServiceEndpoint,
  action: StsAction,
  parameters: Record<string, string>,
  secrets: readonly string[],
  signWith?: Credentials,
): Observable<Credentials> {
  const { url, region } = endpoint;
  const body = new URLSearchParams({ Action: action, Version: VERSION, ...parameters }).toString();
  return defer(() => {
    const headers: Record<string, string> = { Host: url.host, 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' };
    if (signWith !== undefined) {
      const signed = aws4.sign({ host: url.host, path: url.pathname, method: 'POST', service: 'sts', region, body, headers }, signWith);
      for (const [name, value] of Object.entries(signed.headers ?? {})) headers[name] = String(value);
    }
    const sent = [...secrets, /Signature=([0-9a-f]+)/.exec(headers['Authorization'] ?? '')?.[1]];
    return askService('STS', action, url, { method: 'POST', headers, body, errorOf: (status, text) => readStsError(status, text, action, sent) });
  }).pipe(map((text) => readStsCredentials(text, action)));
}
