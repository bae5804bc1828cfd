import { map, type Observable, ReplaySubject, share } from 'rxjs';
import { InvalidParameterError, MalformedResponseError } from '../errors/client-errors.js';
import type { AttributeMap } from '../marshall/types.js';
import type { TableDescription } from '../tables/types.js';

/** A table's primary key: its attribute names (hash first) and their types. @internal */
export interface KeySchema {
  readonly table: string;
  readonly attributes: readonly { readonly name: string; readonly type: 'S' | 'N' | 'B' }[];
}

const TYPE_NAMES = { S: 'a string (S)', N: 'a number (N)', B: 'binary (B)' } as const;

/** The key schema in a DescribeTable answer. */
function keySchemaOf(table: string, description: TableDescription): KeySchema {
  const types = new Map((description.AttributeDefinitions ?? []).map((definition) => [definition.AttributeName, definition.AttributeType]));
  const attributes = [...(description.KeySchema ?? [])]
    .sort((a, b) => (a.KeyType === b.KeyType ? 0 : a.KeyType === 'HASH' ? -1 : 1))
    .map(({ AttributeName: name }) => ({ name, type: types.get(name) }));
  if (attributes.length === 0 || attributes.some((attribute) => attribute.type === undefined || !Object.hasOwn(TYPE_NAMES, attribute.type))) {
    throw new MalformedResponseError(`DescribeTable of ${table} did not describe the table's key`, { action: 'DescribeTable' });
  }
  return { table, attributes: attributes as KeySchema['attributes'] };
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
    const value = attributes[name];
    if (value !== undefined) key[name] = value;
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
    const value = key[name] as Record<string, string> | undefined;
    if (value === undefined) throw new InvalidParameterError(parameter, `lacks the key attribute "${name}" of table ${schema.table}`);
    if (!(type in value)) throw new InvalidParameterError(`${parameter}.${name}`, `must be ${TYPE_NAMES[type]}, as the key of table ${schema.table} says`);
    if (value[type] === '') throw new InvalidParameterError(`${parameter}.${name}`, 'a key attribute cannot be empty');
  }
  if (exact && Object.keys(attributes).length !== schema.attributes.length) {
    throw new InvalidParameterError(parameter, `must hold only the key attributes of table ${schema.table} (${schema.attributes.map((a) => a.name).join(', ')})`);
  }
  return key;
}
