import type { ResponseReader } from '../call/send.js';
import { member, readBoolean, readList, readMap, readNumber, readString, type ResponseOrigin } from '../response/read.js';
import type { TableDescription } from './types.js';

type FieldReader = (value: unknown, origin: ResponseOrigin, path: string) => unknown;

/** A list whose entries are JSON objects whose `fields`, when present, pass their readers. */
function listOf(fields: Readonly<Record<string, FieldReader>>): FieldReader {
  return (value, origin, path) => readList(value, origin, path).forEach((entry, index) => checkFields(entry, fields, origin, `${path}[${index}]`));
}

const KEY_SCHEMA = listOf({ AttributeName: readString, KeyType: readString });
const INDEXES = listOf({ IndexName: readString, IndexStatus: readString, KeySchema: KEY_SCHEMA });

/**
 * The fields of a {@link TableDescription} the client reads itself (key schema, status, indexes) and its
 * scalar ones: those present must have these types. The other fields are passed on as DynamoDB sent them.
 */
const DESCRIPTION: Readonly<Record<string, FieldReader>> = {
  TableName: readString,
  TableStatus: readString,
  TableArn: readString,
  TableId: readString,
  LatestStreamArn: readString,
  LatestStreamLabel: readString,
  GlobalTableVersion: readString,
  DeletionProtectionEnabled: readBoolean,
  KeySchema: KEY_SCHEMA,
  AttributeDefinitions: listOf({ AttributeName: readString, AttributeType: readString }),
  ItemCount: readNumber,
  TableSizeBytes: readNumber,
  CreationDateTime: readNumber,
  BillingModeSummary: (value, origin, path) => checkFields(value, { BillingMode: readString }, origin, path),
  ProvisionedThroughput: readMap,
  GlobalSecondaryIndexes: INDEXES,
  LocalSecondaryIndexes: INDEXES,
};

/** Checks that `value` is a JSON object whose `fields`, when present, pass their readers. */
function checkFields(value: unknown, fields: Readonly<Record<string, FieldReader>>, origin: ResponseOrigin, path: string): Record<string, unknown> {
  const object = readMap(value, origin, path);
  for (const [name, read] of Object.entries(fields)) {
    if (object[name] !== undefined) read(object[name], origin, member(path, name));
  }
  return object;
}

/**
 * Reads the table description under `field` (`Table` for DescribeTable, `TableDescription` for the
 * others): it must be there, and the fields listed above must have their types. @internal
 */
export function readTableDescription(field: 'Table' | 'TableDescription'): ResponseReader<TableDescription> {
  return (body, origin) => checkFields(body[field], DESCRIPTION, origin, field) as TableDescription;
}
