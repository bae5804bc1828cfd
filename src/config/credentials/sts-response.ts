import { MalformedResponseError } from '../../errors/client-errors.js';
import { CredentialServiceError } from '../../errors/credential-service-error.js';
import { redactor } from '../../util/redact.js';
import { makeCredentials, readExpiration } from './parse.js';
import type { Credentials } from './types.js';
import { parseXml, textAt, type XmlElement } from './xml.js';

/** The STS actions credential sources call. */
export type StsAction = 'AssumeRole' | 'AssumeRoleWithWebIdentity';

/**
 * @internal Reads the credentials of an STS query-protocol response:
 * `<ActionResponse><ActionResult><Credentials><AccessKeyId/><SecretAccessKey/><SessionToken/><Expiration/>`.
 *
 * @throws MalformedResponseError saying what is missing or malformed, never quoting the response.
 */
export function readStsCredentials(document: string, action: StsAction): Credentials {
  const fail = (problem: string): MalformedResponseError => new MalformedResponseError(`STS ${action} answered with ${problem}`, { action });
  const root = parseOrFail(document, fail);
  // Never the root element's name: a token is a valid XML name, and a service may echo one as a document.
  if (root.name !== `${action}Response`) throw fail(`an unexpected document instead of <${action}Response>`);
  const field = (name: string): string => {
    const value = textAt(root, `${action}Result`, 'Credentials', name)?.trim();
    if (!value) throw fail(`no ${action}Result/Credentials/${name}`);
    return value;
  };
  const expiration = readExpiration(field('Expiration'), () => fail('an Expiration that is not a date'));
  return makeCredentials(field('AccessKeyId'), field('SecretAccessKey'), field('SessionToken'), expiration);
}

/**
 * @internal The error for an STS response other than 200: its `<ErrorResponse><Error><Code/><Message/>` as a
 * {@link CredentialServiceError} with that code (retryable for `IDPCommunicationError`, throttling and 5xx),
 * or code `HTTP<status>` when the body is no such document. `secrets` (what the request carried: token, source
 * credentials, signature) are blanked from the service's code, message and request id.
 */
export function readStsError(status: number, document: string, action: StsAction, secrets: readonly (string | undefined)[]): CredentialServiceError {
  const redact = redactor(secrets);
  let root: XmlElement | undefined;
  try {
    root = parseXml(document);
  } catch {
    root = undefined;
  }
  const error = root?.name === 'ErrorResponse' ? root : undefined;
  const code = (error && textAt(error, 'Error', 'Code')?.trim()) || `HTTP${status}`;
  const message = (error && textAt(error, 'Error', 'Message')?.trim()) || `HTTP ${status} without an STS error document`;
  const requestId = error && (textAt(error, 'RequestId') ?? textAt(error, 'ResponseMetadata', 'RequestId'))?.trim();
  return new CredentialServiceError({
    service: 'STS',
    action,
    code: redact(code),
    message: redact(message),
    statusCode: status,
    requestId: requestId ? redact(requestId) : undefined,
  });
}

function parseOrFail(document: string, fail: (problem: string) => Error): XmlElement {
  try {
    return parseXml(document);
  } catch (error) {
    throw fail(`malformed XML: ${(error as Error).message}`);
  }
}
