import { DynamoDBError } from '../errors/dynamodb-error.js';
/** What a secret is replaced with in server text. */
const REDACTED = '[redacted]';
/** Shorter values are not searched for literally: blanking every `abc` would garble messages, and no real token or signature is that short. */
const MIN_SECRET_LENGTH = 8;

/**
 * The secret values of the request a response answers (its session token and signature), read only
 * when an error is built from that response. A function, so that nothing keeps the values: they are
 * asked for, searched for and dropped. @internal
 */
export type SentSecrets = () => readonly (string | undefined)[];

/** For responses to nothing secret (specs, the raw parse). @internal */
export const NO_SECRETS: SentSecrets = () => [];

// The session token after its header or query name (`x-amz-security-token:`, `X-Amz-Security-Token=`,
// JSON-quoted `"X-Amz-Security-Token": "`, URL-encoded `%3D`), and a signature after `Signature=`.
const QUOTED_CREDENTIALS = /(x-amz-security-token["']?\s*(?:[:=]|%3a|%3d)\s*["']?|signature\s*(?:=|%3d)\s*|"signature"\s*:\s*")[^\s'"&,]+/gi;

/**
 * A service message with credentials blanked by pattern: AWS services answer a signature mismatch by
 * quoting the canonical request they computed, signed headers and their values included, so the session
 * token (`x-amz-security-token:…`, or `X-Amz-Security-Token=…` in a query string) would reach the error
 * message; a `Signature=…` is blanked too. The second net behind {@link redactor}, which knows the values.
 */
export function redactCredentials(message: string): string {
  return message.replace(QUOTED_CREDENTIALS, `$1${REDACTED}`);
}

/**
 * A pattern for one secret as server text may quote it: each character that is not a letter or digit
 * also as its percent-encoding (either case, or encoded twice), a backslash escape or a `\u` escape
 * (JSON quoted in JSON), `+` also as a space (form decoding); letters in either case.
 */
function literalPattern(secret: string): RegExp {
  let source = '';
  for (const char of secret) {
    if (/[a-z0-9]/i.test(char)) {
      source += char;
      continue;
    }
    const hex = char.charCodeAt(0).toString(16).padStart(2, '0');
    const literal = char.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
    const forms = [literal, `%${hex}`, `%25${hex}`, `\\\\${literal}`, `\\\\u${hex.padStart(4, '0')}`, ...(char === '+' ? [' '] : [])];
    source += `(?:${forms.join('|')})`;
  }
  return new RegExp(source, 'gi');
}

/**
 * Secrets with more characters than this that are not letters or digits are searched for only as sent and
 * URL-encoded: each such character is a group of {@link literalPattern}, and thousands of them (a token file
 * holding something else than a token) make a pattern V8 cannot compile ("Stack overflow", quoting the whole
 * secret). Real tokens have a few dozen: base64 (`/`, `+`, `=`) or a JWT (`.`, `-`, `_`) of up to 20,000 characters.
 */
const MAX_PATTERN_SYMBOLS = 1000;

/** Blanks one secret in `text`: by its pattern, or its plain forms when it has too many symbols for one (or the pattern fails). */
function blankSecret(text: string, secret: string, pattern: RegExp | undefined): string {
  if (pattern !== undefined) {
    try {
      return text.replace(pattern, REDACTED);
    } catch {
      // The engine refused the pattern (a deep stack leaves it less room): the plain forms below.
    }
  }
  return [secret, encodeURIComponent(secret)].reduce((blanked, form) => blanked.split(form).join(REDACTED), text);
}

/**
 * Blanks, in server text, the literal `secrets` this client sent (in any of the forms
 * {@link literalPattern} knows), then whatever {@link redactCredentials} finds by pattern. Never throws,
 * whatever the secrets hold. @internal
 * @example redactor(['FwoGZXIvYXdzEBY/token+x=='])('token "FwoGZXIvYXdzEBY%2Ftoken%2Bx%3D%3D"') // 'token "[redacted]"'
 */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const searched = secrets
    .filter((secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH)
    .map((secret) => ({ secret, pattern: secret.replace(/[a-z0-9]/gi, '').length > MAX_PATTERN_SYMBOLS ? undefined : literalPattern(secret) }));
  return (text) => redactCredentials(searched.reduce((redacted, { secret, pattern }) => blankSecret(redacted, secret, pattern), text));
}

/**
 * Redacts every string of parsed JSON in place, keys included, whatever its depth (a loop, not
 * recursion: a hostile body may nest deeply), and returns it. @internal
 */
export function redactStrings<T>(json: T, redact: (text: string) => string): T {
  if (typeof json === 'string') return redact(json) as T;
  const pending: unknown[] = [json];
  for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
    if (typeof container !== 'object' || container === null) continue;
    const record = container as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (typeof value === 'string') record[key] = redact(value);
      else if (typeof value === 'object' && value !== null) pending.push(value);
      const redactedKey = redact(key);
      if (redactedKey !== key) {
        record[redactedKey] = record[key];
        delete record[key];
      }
    }
  }
  return json;
}

/**
 * `error` with the request's `secrets` blanked from what a caller, a log or a measurement reads of
 * it: message, code, requestId and stack, and the message and stack of an `Error` cause. In place,
 * and only for rx-dynamodb errors (others are returned as they are); the one net behind every error
 * an attempt produces, whichever check built it from server text. @internal
 */
export function redactError(error: unknown, secrets: SentSecrets): unknown {
  if (!DynamoDBError.isDynamoDBError(error)) return error;
  const redact = redactor(secrets());
  const blank = (target: object, field: string): void => {
    const value = (target as Record<string, unknown>)[field];
    if (typeof value !== 'string') return;
    const redacted = redact(value);
    if (redacted !== value) Object.defineProperty(target, field, { value: redacted, writable: true, configurable: true, enumerable: Object.prototype.propertyIsEnumerable.call(target, field) });
  };
  for (const field of ['message', 'code', 'requestId', 'stack']) blank(error, field);
  if (error.cause instanceof Error) for (const field of ['message', 'stack']) blank(error.cause, field);
  return error;
}
