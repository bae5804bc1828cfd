import { MalformedResponseError } from '../errors/client-errors.js';
import { nameSegment, Refusal } from '../marshall/path.js';
import type { AttributeMap } from '../marshall/types.js';
import { unmarshallOrRefuse } from '../marshall/unmarshall.js';
import { isRecord } from '../util/is-record.js';
import { kindOf } from '../util/kind-of.js';

/**
 * Where a response being read came from, for the errors of the readers below: each names the action
 * and the path of what is wrong, e.g. `Query: Items[3].total: ...`. Readers that take a `member` name
 * the path `path + member`, joined only for the error: a reader called per element of a large response
 * (`Records[i]`, `.dynamodb.Keys`) then builds no path string when all is well. @internal
 */
export interface ResponseOrigin {
  readonly action: string;
  readonly statusCode?: number | undefined;
  readonly requestId?: string | undefined;
}

/** The error for a response whose `path` is not what DynamoDB sends. @internal */
export function malformed(origin: ResponseOrigin, path: string, problem: string): MalformedResponseError {
  const { action, statusCode, requestId } = origin;
  return new MalformedResponseError(`${action}: ${path}: ${problem}`, { action, statusCode, requestId });
}

/** The path of a named member below `path`: `Responses.Users`, or `Responses["my-table"]` for a name that is not an identifier. @internal */
export function member(path: string, name: string): string {
  return path + nameSegment(name);
}

/** `value` as a JSON object. @internal */
export function readMap(value: unknown, origin: ResponseOrigin, path: string, member = ''): Record<string, unknown> {
  if (!isRecord(value)) throw malformed(origin, path + member, `not a JSON object, got ${kindOf(value)}`);
  return value;
}

/** `value` as a JSON array. @internal */
export function readList(value: unknown, origin: ResponseOrigin, path: string): unknown[] {
  if (!Array.isArray(value)) throw malformed(origin, path, `not a list, got ${kindOf(value)}`);
  return value;
}

/** `value` as a string. @internal */
export function readString(value: unknown, origin: ResponseOrigin, path: string, member = ''): string {
  if (typeof value !== 'string') throw malformed(origin, path + member, `not a string, got ${kindOf(value)}`);
  return value;
}

/** `value` as a string, or `undefined` when absent. @internal */
export function readOptionalString(value: unknown, origin: ResponseOrigin, path: string): string | undefined {
  return value === undefined ? undefined : readString(value, origin, path);
}

/** `value` as a boolean. @internal */
export function readBoolean(value: unknown, origin: ResponseOrigin, path: string): boolean {
  if (typeof value !== 'boolean') throw malformed(origin, path, `not a boolean, got ${kindOf(value)}`);
  return value;
}

/** `value` as a finite number (NaN and Infinity, which `1e400` parses to, named as such). @internal */
export function readNumber(value: unknown, origin: ResponseOrigin, path: string, member = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw malformed(origin, path + member, `not a number, got ${typeof value === 'number' ? value : kindOf(value)}`);
  return value;
}

/** `value` as a non-negative integer (a count). @internal */
export function readCount(value: unknown, origin: ResponseOrigin, path: string, member = ''): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw malformed(origin, path + member, `not a count, got ${typeof value === 'number' ? value : kindOf(value)}`);
  return value as number;
}

/** An attribute map (an item, a key) as native values; a wrong attribute value is named by its path. @internal */
export function readItem<T>(value: unknown, origin: ResponseOrigin, path: string, member = ''): T {
  try {
    return unmarshallOrRefuse<T>(value);
  } catch (error) {
    throw error instanceof Refusal ? malformed(origin, path + member + error.path, error.problem) : error;
  }
}

/** A list of attribute maps as native items (`Items[3].total` names a wrong value). @internal */
export function readItems<T>(value: unknown, origin: ResponseOrigin, path: string): T[] {
  const list = readList(value, origin, path);
  const items = new Array<T>(list.length);
  let index = 0;
  try {
    for (; index < list.length; index++) items[index] = unmarshallOrRefuse<T>(list[index]);
  } catch (error) {
    throw error instanceof Refusal ? malformed(origin, `${path}[${index}]${error.path}`, error.problem) : error;
  }
  return items;
}

/** An attribute map in wire form, checked to be one (as {@link readItem} checks it). @internal */
export function readAttributeMap(value: unknown, origin: ResponseOrigin, path: string): AttributeMap {
  readItem(value, origin, path);
  return value as AttributeMap;
}

/**
 * A primary key: an attribute map whose values are strings, numbers or binary, returned both native and
 * as the wire map (checked) it came in, to send back as a start key. @internal
 */
export function readKey<K>(value: unknown, origin: ResponseOrigin, path: string): { native: K; wire: AttributeMap } {
  const native = readItem<K>(value, origin, path);
  const wire = value as AttributeMap;
  for (const [name, attribute] of Object.entries(wire)) {
    if (!('S' in attribute || 'N' in attribute || 'B' in attribute)) throw malformed(origin, member(path, name), 'a key attribute must be S, N or B');
  }
  return { native, wire };
}
