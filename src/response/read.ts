import { MalformedResponseError } from '../errors/client-errors.js';
import { isRecord } from '../util/is-record.js';

// Typed reads of response fields: a value of the wrong shape is the server's fault, so it fails with a
// MalformedResponseError naming the action and the field's path, never as the caller's bad input.

/** `value` as a JSON object, or a MalformedResponseError naming `path` (e.g. `Responses[2]`). @internal */
export function readObject(value: unknown, action: string, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new MalformedResponseError(`${action} response: ${path} is not an object`, { action });
  return value;
}

/** `value` as a list, or a MalformedResponseError naming `path`. @internal */
export function readList(value: unknown, action: string, path: string): unknown[] {
  if (!Array.isArray(value)) throw new MalformedResponseError(`${action} response: ${path} is not a list`, { action });
  return value;
}

/** `value` as a boolean, or a MalformedResponseError naming `path`. @internal */
export function readBoolean(value: unknown, action: string, path: string): boolean {
  if (typeof value !== 'boolean') throw new MalformedResponseError(`${action} response: ${path} is not a boolean`, { action });
  return value;
}

/** `value` as a string, or a MalformedResponseError naming `path`. @internal */
export function readString(value: unknown, action: string, path: string): string {
  if (typeof value !== 'string') throw new MalformedResponseError(`${action} response: ${path} is not a string`, { action });
  return value;
}

/** `value` as a string, `undefined` when absent, or a MalformedResponseError naming `path`. @internal */
export function readOptionalString(value: unknown, action: string, path: string): string | undefined {
  return value === undefined ? undefined : readString(value, action, path);
}
