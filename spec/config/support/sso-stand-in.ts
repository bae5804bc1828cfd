import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceStandIn, type Answer, type Answering, type ReceivedCall, type ServiceStandIn, type TestCredentials } from './sts-stand-in.js';

/** A stand-in for the IAM Identity Center portal or SSO-OIDC (rest-JSON services). */
export function ssoStandIn(answer: Answering<ReceivedCall>): Promise<ServiceStandIn<ReceivedCall>> {
  return serviceStandIn((call) => call, answer);
}

/** A JSON answer. */
export function jsonAnswer(body: unknown, status = 200, headers: Record<string, string> = {}): Answer {
  return { status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } };
}

/** The portal's documented GetRoleCredentials answer (expiration in epoch milliseconds). */
export function roleCredentialsAnswer(credentials: TestCredentials): Answer {
  const { accessKeyId, secretAccessKey, sessionToken, expiration } = credentials;
  return jsonAnswer({ roleCredentials: { accessKeyId, secretAccessKey, sessionToken, expiration: expiration.getTime() } });
}

/** A rest-JSON service error: the code in `x-amzn-ErrorType`, as AWS sends it. */
export function restJsonError(status: number, code: string, body: Record<string, unknown>): Answer {
  return jsonAnswer(body, status, { 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazon.switchboard.portal/`, 'x-amzn-requestid': 'sso-request-1' });
}

/** Writes an SSO token cache file where the AWS CLI would, under `home`; returns its path. */
export function writeSsoToken(home: string, cacheKey: string, document: Record<string, unknown>): string {
  const dir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha1').update(cacheKey).digest('hex')}.json`);
  writeFileSync(file, JSON.stringify(document));
  return file;
}
