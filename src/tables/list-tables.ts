import { defer, mergeMap, type Observable } from 'rxjs';
import type { Send } from '../call/send.js';
import type { WireResponse } from '../http/types.js';
import { paginate } from '../streams/paginate.js';
import { integer, orDefault } from '../input/reader.js';
import { optional, wireOptions } from '../input/shape.js';
import { readList, readString, type ResponseOrigin } from '../response/read.js';

/** Options of `listTables`. */
export interface ListTablesOptions {
  /** Names per page request (1-100); the stream always continues to the last page. */
  limit?: number | undefined;
}

const readListTablesOptions = orDefault(wireOptions<ListTablesOptions>({ limit: optional(integer(1, 100)) }), {});

/** Emits every table name, one value each, across all pages (`LastEvaluatedTableName`). */
export function listTables(send: Send, options?: ListTablesOptions): Observable<string> {
  return defer(() => {
    const base = readListTablesOptions(options, 'options');
    return paginate<TableNamesPage, string>({
      action: 'ListTables',
      cursorName: 'LastEvaluatedTableName',
      fetch: (start) => send('ListTables', start === undefined ? base : { ...base, ExclusiveStartTableName: start }, undefined, readTableNames),
      next: (page) => page.next,
    });
  }).pipe(mergeMap((page) => page.names));
}

/** One ListTables page: its names, and where the next page starts. */
interface TableNamesPage {
  names: string[];
  next: string | undefined;
}

function readTableNames(body: WireResponse, origin: ResponseOrigin): TableNamesPage {
  const list = body['TableNames'] === undefined ? [] : readList(body['TableNames'], origin, 'TableNames');
  const names = list.map((name, index) => readString(name, origin, `TableNames[${index}]`));
  const next = body['LastEvaluatedTableName'] === undefined ? undefined : readString(body['LastEvaluatedTableName'], origin, 'LastEvaluatedTableName');
  return { names, next };
}
