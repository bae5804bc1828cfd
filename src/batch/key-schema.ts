import { Buffer } from 'node:buffer';
import { map, type Observable, ReplaySubject, share } from 'rxjs';
import { InvalidParameterError, MalformedResponseError } from '../errors/client-errors.js';
import type { AttributeMap } from '../marshall/types.js';
import type { TableDescription } from '../tables/types.js';
import { setOwnProperty } from '../util/own-property.js';

/** A table's primary key: its attribute names (hash first) and their types. @internal */
export interface KeySchema {
  readonly table: string;
  readonly attributes: readonly { readonly name: string; readonly type: 'S' | 'N' | 'B' }[];
}

const TYPE_NAMES = { S: 'a string (S)', N: 'a number (N)', B: 'binary (B)' } as const;

/** An attribute type of a key. */
type KeyType = KeySchema['attributes'][number]['type'];

const isKeyType = (type: string | undefined): type is KeyType => type !== undefined && Object.hasOwn(TYPE_NAMES, type);

/**
 * The key schema in a DescribeTable answer: one HASH attribute and at most one RANGE attribute, of
 * distinct names, each defined as S, N or B. Anything else is the server's fault, never the caller's:
 * a MalformedResponseError naming the path, e.g. `Table.KeySchema[1].KeyType`.
 */
function keySchemaOf(table: string, description: TableDescription): KeySchema {
  const malformed = (path: string, problem: string) =>
    new MalformedResponseError(`DescribeTable of ${table} did not describe the table's key: Table.${path}: ${problem}`, { action: 'DescribeTable' });
  const elements = description.KeySchema ?? [];
  if (elements.length < 1 || elements.length > 2) throw malformed('KeySchema', `must hold 1 or 2 key attributes, got ${elements.length}`);
  const types = new Map((description.AttributeDefinitions ?? []).map((definition) => [definition.AttributeName, definition.AttributeType]));
  const names = new Set<string>();
  const attributes = elements.map(({ AttributeName: name, KeyType: keyType }, index) => {
    if (keyType !== 'HASH' && keyType !== 'RANGE') throw malformed(`KeySchema[${index}].KeyType`, `${JSON.stringify(keyType)} is not HASH or RANGE`);
    if (names.has(name)) throw malformed(`KeySchema[${index}].AttributeName`, `"${name}" is already a key attribute`);
    names.add(name);
    const type = types.get(name);
    if (!isKeyType(type)) throw malformed('AttributeDefinitions', `has no S, N or B definition of the key attribute "${name}"`);
    return { name, type, hash: keyType === 'HASH' };
  });
  const hashes = attributes.filter((attribute) => attribute.hash).length;
  if (hashes !== 1) throw malformed('KeySchema', `must hold one HASH attribute, got ${hashes}`);
  return { table, attributes: attributes.sort((a, b) => Number(b.hash) - Number(a.hash)).map(({ name, type }) => ({ name, type })) };
}

/**
 * The key schemas of a client's tables, each read with DescribeTable on first use and kept for the
 * client's life (a table's key never changes). Concurrent callers share one DescribeTable; a failed
 * one, or one everybody stopped waiting for, is not kept. @internal
 */
export class KeySchemas {
  readonly #cache = new Map<string, Observable<KeySchema>>();

  constructor(private readonly describe: (table: string) => Observable<TableDescription>) {}

  /** Emits the table's key schema once. */
  get(table: string): Observable<KeySchema> {
    let schema = this.#cache.get(table);
    if (!schema) {
      schema = this.describe(table).pipe(
        map((description) => keySchemaOf(table, description)),
        share({ connector: () => new ReplaySubject(1), resetOnError: true, resetOnComplete: false, resetOnRefCountZero: true }),
      );
      this.#cache.set(table, schema);
    }
    return schema;
  }
}

/** The key attributes of an item (or key) in wire form, without checks. @internal */
export function projectKey(schema: KeySchema, attributes: AttributeMap): AttributeMap {
  const key: AttributeMap = {};
  for (const { name } of schema.attributes) {
    // Own properties only: a key attribute named `constructor` is not Object.prototype's.
    const value = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
    if (value !== undefined) setOwnProperty(key, name, value);
  }
  return key;
}

/**
 * Checks that `attributes` hold the table's key attributes, of the key's types and not empty (and, with
 * `exact`, nothing else, as a key must), and returns the key. @internal
 */
export function checkedKey(schema: KeySchema, attributes: AttributeMap, parameter: string, exact: boolean): AttributeMap {
  const key = projectKey(schema, attributes);
  for (const { name, type } of schema.attributes) {
    const value = (Object.hasOwn(key, name) ? key[name] : undefined) as Record<string, string> | undefined;
    if (value === undefined) throw new InvalidParameterError(parameter, `lacks the key attribute "${name}" of table ${schema.table}`);
    if (!(type in value)) throw new InvalidParameterError(`${parameter}.${name}`, `must be ${TYPE_NAMES[type]}, as the key of table ${schema.table} says`);
    if (value[type] === '') throw new InvalidParameterError(`${parameter}.${name}`, 'a key attribute cannot be empty');
  }
  if (exact && Object.keys(attributes).length !== schema.attributes.length) {
    throw new InvalidParameterError(parameter, `must hold only the key attributes of table ${schema.table} (${schema.attributes.map((a) => a.name).join(', ')})`);
  }
  return key;
}

/** DynamoDB's limit on the bytes of a partition (hash) key's string or binary value. @internal */
export const PARTITION_KEY_BYTES = 2048;
/** DynamoDB's limit on the bytes of a sort (range) key's string or binary value. @internal */
export const SORT_KEY_BYTES = 1024;
/** The limits of a key's attributes, partition key first. */
const MAX_KEY_BYTES = [PARTITION_KEY_BYTES, SORT_KEY_BYTES] as const;

/**
 * Checks that the string and binary values of a key checked by {@link checkedKey} are within DynamoDB's
 * limits (2048 bytes for the partition key, 1024 for the sort key; numbers are always within them), which
 * DynamoDB otherwise refuses with a ValidationException for the whole request. @internal
 */
export function checkKeySize(schema: KeySchema, key: AttributeMap, parameter: string): void {
  schema.attributes.forEach(({ name, type }, index) => {
    if (type === 'N') return;
    const value = (key[name] as Record<string, string>)[type]!;
    const limit = MAX_KEY_BYTES[index]!;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (and base64 holds fewer bytes than characters):
    // a short key, the usual one, needs no count.
    if (value.length * 3 <= limit) return;
    const bytes = type === 'S' ? Buffer.byteLength(value, 'utf8') : Buffer.byteLength(value, 'base64');
    if (bytes > limit) throw new InvalidParameterError(`${parameter}.${name}`, `is ${bytes} bytes; a ${index === 0 ? 'partition' : 'sort'} key holds at most ${limit}`);
  });
}
