import zlib from 'node:zlib';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ITEM_KINDS } from '../data/items.js';
import { pagedTableName, type PagedTable } from '../data/tables.js';

/** Bytes of response JSON a `p1mb` page aims at. */
const PAGE_BYTES = 1_000_000;

/** One page to send: the shared prefix (items, counts) and the page's own suffix (start key of the next page). */
export interface PageParts {
  prefix: Buffer;
  suffix: Buffer;
  crc: number;
}

interface Prefix {
  bytes: Buffer;
  crc: number;
}

/**
 * Serves paged tables lazily: the item JSON of a page is built once per (item kind, page size)
 * and shared by every page, so a 1,000,000-item table costs the memory of one page. Pages are
 * numbered from 0; `LastEvaluatedKey` carries the next page's number. A parallel scan splits the
 * pages into `totalSegments` contiguous ranges. Asked for, a page reports the read units DynamoDB would
 * charge for it (eventually consistent: 0.5 a started 4 KB of items).
 */
export class PageServer {
  readonly #prefixes = new Map<string, Prefix>();
  readonly #itemBytes = new Map<string, number>();

  /** Items on each full page of `table`. */
  perPage(table: PagedTable): number {
    if (table.page === 'p100') return 100;
    let bytes = this.#itemBytes.get(table.item);
    if (bytes === undefined) {
      bytes = Buffer.byteLength(JSON.stringify(marshall(ITEM_KINDS[table.item](0)))) + 1;
      this.#itemBytes.set(table.item, bytes);
    }
    return Math.floor(PAGE_BYTES / bytes);
  }

  /** The page that follows `startKey` (undefined: the segment's first page) in one segment; with `capacity`, its ConsumedCapacity. */
  page(table: PagedTable, startKey: string | undefined, segment = 0, totalSegments = 1, capacity = false): PageParts {
    const perPage = this.perPage(table);
    const pages = Math.ceil(table.items / perPage);
    const first = Math.floor((segment * pages) / totalSegments);
    const end = Math.floor(((segment + 1) * pages) / totalSegments);
    const index = startKey === undefined ? first : Number(startKey);
    const count = index < end ? Math.min(perPage, table.items - index * perPage) : 0;
    const prefix = this.#prefix(table, count);
    const next = index + 1 < end ? String(index + 1) : undefined;
    const consumed = capacity ? `,"ConsumedCapacity":{"TableName":"${pagedTableName(table)}","CapacityUnits":${Math.ceil(prefix.bytes.length / 4096) * 0.5}}` : '';
    const suffix = Buffer.from(next === undefined ? `${consumed}}` : `${consumed},"LastEvaluatedKey":{"pk":{"S":"${next}"},"sk":{"S":"${next}"}}}`);
    return { prefix: prefix.bytes, suffix, crc: zlib.crc32(suffix, prefix.crc) };
  }

  #prefix(table: PagedTable, count: number): Prefix {
    const id = `${table.item}/${count}`;
    let prefix = this.#prefixes.get(id);
    if (prefix === undefined) {
      const make = ITEM_KINDS[table.item];
      const items = Array.from({ length: count }, (_, i) => JSON.stringify(marshall(make(i))));
      const bytes = Buffer.from(`{"Items":[${items.join(',')}],"Count":${count},"ScannedCount":${count}`);
      prefix = { bytes, crc: zlib.crc32(bytes) };
      this.#prefixes.set(id, prefix);
    }
    return prefix;
  }
}
