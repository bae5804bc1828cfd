import { kindOf } from '../../util/kind-of.js';
import type { Credentials } from './types.js';

/** @internal Makes the error for a problem found in untrusted credentials; problems name fields, never values. */
export type Fail = (problem: string) => Error;

/** @internal Builds {@link Credentials}, leaving out a missing or empty token and a missing expiration. */
export function makeCredentials(
  accessKeyId: string,
  secretAccessKey: string,
  sessionToken?: string,
  expiration?: Date,
): Credentials {
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(expiration ? { expiration } : {}),
  };
}

/** @internal Parses an optional ISO 8601 expiration; throws `invalid()` if it is set but not a date. */
export function readExpiration(text: string | undefined, invalid: () => Error): Date | undefined {
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw invalid();
  return date;
}

/** @internal Readers of the string fields of an untrusted object: `undefined`, `null` and `''` count as missing. */
export function stringFields(value: unknown, fail: Fail): { optional(name: string): string | undefined; required(name: string): string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`must be an object, not ${kindOf(value)}`);
  const fields = value as Record<string, unknown>;
  const optional = (name: string): string | undefined => {
    const field = fields[name];
    if (field === undefined || field === null || field === '') return undefined;
    if (typeof field !== 'string') throw fail(`${name} must be a string, not ${kindOf(field)}`);
    return field;
  };
  const required = (name: string): string => {
    const field = optional(name);
    if (field === undefined) throw fail(`${name} is missing`);
    return field;
  };
  return { optional, required };
}

/**
 * @internal Reads the JSON credentials document of a `credential_process` (`SessionToken`) or a metadata
 * endpoint (`Token`): `AccessKeyId`, `SecretAccessKey`, the token and `Expiration`.
 *
 * @param expected fields that must have exactly these values, e.g. `{ Version: 1 }`.
 */
export function parseCredentialsDocument(
  text: string,
  tokenField: 'Token' | 'SessionToken',
  fail: Fail,
  expected: Readonly<Record<string, unknown>> = {},
): Credentials {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text it chokes on, which may be a secret: report nothing of it.
    throw fail('not JSON');
  }
  const { optional, required } = stringFields(document, fail);
  for (const [name, value] of Object.entries(expected)) {
    if ((document as Record<string, unknown>)[name] !== value) throw fail(`${name} must be ${JSON.stringify(value)}`);
  }
  return makeCredentials(
    required('AccessKeyId'),
    required('SecretAccessKey'),
    optional(tokenField),
    readExpiration(optional('Expiration'), () => fail('Expiration is not a date')),
  );
}

