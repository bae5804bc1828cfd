import type { ItemKind } from './items.js';

/**
 * A paged table of the canned server, described entirely by its name so that every client sends
 * its ordinary Query/Scan and the server still knows what to answer:
 * `bench_<item>_<page>_<items>[_d<delay ms>]`, e.g. `bench_order_p100_20000`.
 */
export interface PagedTable {
  item: ItemKind;
  /** `p100`: 100 items a page; `p1mb`: as many items as fit in ~1 MB of response JSON. */
  page: 'p100' | 'p1mb';
  /** Items in the whole table (all segments together). */
  items: number;
  /** Milliseconds the server waits before answering each page. */
  delayMs?: number;
}

/** The table name that stands for `table`. */
export function pagedTableName(table: PagedTable): string {
  return `bench_${table.item}_${table.page}_${table.items}${table.delayMs ? `_d${table.delayMs}` : ''}`;
}

const NAME = /^bench_(order|reading)_(p100|p1mb)_(\d+)(?:_d(\d+))?$/;

/** The table a name stands for, or undefined when it is not a paged table's name. */
export function parsePagedTable(name: string): PagedTable | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const table: PagedTable = { item: match[1] as ItemKind, page: match[2] as PagedTable['page'], items: Number(match[3]) };
  if (match[4] !== undefined) table.delayMs = Number(match[4]);
  return table;
}

/** The table single-item calls (on orders) and batch writes use. */
export const ITEM_TABLE = 'bench_items';

/** The table of small-item calls: GetItem on it returns a sensor reading, and clients put readings. */
export const SMALL_ITEM_TABLE = 'bench_items_reading';

/** The kind of item single-item calls on `table` read and write. */
export function itemKindOf(table: string): ItemKind {
  return table === SMALL_ITEM_TABLE ? 'reading' : 'order';
}

/** The end-to-end table on dynalite, keyed by {@link ORDER_KEY_SCHEMA}, on demand. */
export const E2E_TABLE = 'bench_e2e';

/** The key of every order table: string partition key `pk`, string sort key `sk` (wire form, as in CreateTable/DescribeTable). */
export const ORDER_KEY_SCHEMA = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};
