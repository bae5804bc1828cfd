import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { DynamoDB } from '../../../src/client.js';
import type { Item } from '../../../src/operations/types.js';
import type { Page } from '../../../src/streams/page.js';
import { tableDefinition, uniqueTableName } from '../../support/local-client.js';

/** A fresh table of `count` items `{ pk: 'k<n>', n }`; returns its name. */
export async function tableOfItems(db: DynamoDB, count: number, prefix = 'Leased'): Promise<string> {
  const table = uniqueTableName(prefix);
  await firstValueFrom(db.createTable(tableDefinition(table)));
  await lastValueFrom(db.batchWriteItem({ [table]: Array.from({ length: count }, (_, n) => ({ put: { pk: `k${n}`, n } })) }));
  return table;
}

/** The `pk`s of a page's items. */
export function keysOf(page: Page<Item>): string[] {
  return page.items.map((item) => String(item['pk']));
}

/** How many times each key occurs in `keys`, for those that occur more than once. */
export function repeated(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return new Map([...counts].filter(([, count]) => count > 1));
}
