import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { readTableDescription } from './read-table-description.js';
import type { TableDescription } from './types.js';
import { plainObject, tableName } from '../input/validate.js';

/** A table definition in DynamoDB's wire shape (`TableName`, `KeySchema`, ...), as CreateTable and UpdateTable take it. */
export type TableDefinition = { TableName: string } & Record<string, unknown>;

function tableCall(send: Send, action: string, body: () => Record<string, unknown>, field: 'TableDescription' | 'Table'): Observable<TableDescription> {
  return defer(() => {
    const request = body();
    return send(action, request, request['TableName'] as string, readTableDescription(field));
  });
}

function definition(def: TableDefinition, parameter: string): Record<string, unknown> {
  const body = plainObject(def, parameter);
  tableName(body['TableName'], `${parameter}.TableName`);
  return body;
}

/** Creates a table from its wire definition; emits its description (status `CREATING` on AWS). */
export function createTable(send: Send, def: TableDefinition): Observable<TableDescription> {
  return tableCall(send, 'CreateTable', () => definition(def, 'definition'), 'TableDescription');
}

/** Changes a table (throughput, indexes, streams, ...) from a wire UpdateTable body; emits its description. */
export function updateTable(send: Send, def: TableDefinition): Observable<TableDescription> {
  return tableCall(send, 'UpdateTable', () => definition(def, 'definition'), 'TableDescription');
}

/** Deletes a table; emits its description (status `DELETING`). */
export function deleteTable(send: Send, table: string): Observable<TableDescription> {
  return tableCall(send, 'DeleteTable', () => ({ TableName: tableName(table) }), 'TableDescription');
}

/** Emits the table's description. */
export function describeTable(send: Send, table: string): Observable<TableDescription> {
  return tableCall(send, 'DescribeTable', () => ({ TableName: tableName(table) }), 'Table');
}
