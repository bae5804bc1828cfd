import { defer, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import { tableName } from '../input/validate.js';
import { readCreateTableInput, readUpdateTableInput } from './definition-schema.js';
import { readTableDescription } from './read-table-description.js';
import type { CreateTableInput, TableDescription, UpdateTableInput } from './types.js';

function tableCall(send: Send, action: string, body: () => { readonly TableName: string }, field: 'TableDescription' | 'Table'): Observable<TableDescription> {
  return defer(() => {
    const request = body();
    return send(action, request, request.TableName, readTableDescription(field));
  });
}

/**
 * Creates a table; emits its description (status `CREATING` on AWS). The definition is checked
 * first: an unknown field, at any depth, or a field of the wrong type is an `InvalidParameterError`.
 */
export function createTable(send: Send, definition: CreateTableInput): Observable<TableDescription> {
  return tableCall(send, 'CreateTable', () => readCreateTableInput(definition, 'definition'), 'TableDescription');
}

/** Changes a table (capacity, indexes, streams, replicas, ...), checked as `createTable` checks; emits its description. */
export function updateTable(send: Send, definition: UpdateTableInput): Observable<TableDescription> {
  return tableCall(send, 'UpdateTable', () => readUpdateTableInput(definition, 'definition'), 'TableDescription');
}

/** Deletes a table; emits its description (status `DELETING`). */
export function deleteTable(send: Send, table: string): Observable<TableDescription> {
  return tableCall(send, 'DeleteTable', () => ({ TableName: tableName(table) }), 'TableDescription');
}

/** Emits the table's description. */
export function describeTable(send: Send, table: string): Observable<TableDescription> {
  return tableCall(send, 'DescribeTable', () => ({ TableName: tableName(table) }), 'Table');
}
