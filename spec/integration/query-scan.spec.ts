import { lastValueFrom, take, toArray } from 'rxjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { items, type Page } from '../../src/streams/page.js';
import { describeOnLocalServers } from '../support/local-servers.js';

const ITEMS = 250;

interface Row {
  pk: string;
  sk: number;
  even: boolean;
}

const queryAll = { keyConditionExpression: 'pk = :pk', expressionAttributeValues: { ':pk': 'all' } };

describeOnLocalServers('query and scan', (server) => {
  const { measurements } = server;
  let db: DynamoDB;
  let table: string;

  beforeAll(async () => {
    db = server.client();
    table = await server.freshTable('Stream', true);
    await lastValueFrom(db.batchWriteItem({ [table]: Array.from({ length: ITEMS }, (_, sk) => ({ put: { pk: sk % 2 ? 'odd' : 'all', sk, even: sk % 2 === 0 } })) }));
  });

  describe('query', () => {
    it('follows LastEvaluatedKey to the end: every item once, in sort-key order', async () => {
      const pages = await lastValueFrom(db.query<Row>(table, { ...queryAll, limit: 10 }).pipe(toArray()));
      expect(pages.length).toBe(13); // 125 items in pages of 10, then an empty last page with no key
      const rows = pages.flatMap((page) => page.items);
      expect(rows.map((row) => row.sk)).toEqual(Array.from({ length: 125 }, (_, i) => i * 2));
      expect(pages.at(-1)!.lastEvaluatedKey).toBeUndefined();
      expect(pages[0]!.lastEvaluatedKey).toEqual({ pk: 'all', sk: 18 });
    });

    it('items() flattens pages; scanIndexForward false reverses', async () => {
      const rows = await lastValueFrom(db.query<Row>(table, { ...queryAll, scanIndexForward: false, limit: 50 }).pipe(items(), toArray()));
      expect(rows.map((row) => row.sk)).toEqual(Array.from({ length: 125 }, (_, i) => 248 - i * 2));
    });

    it('take(3) sends exactly three page requests', async () => {
      measurements.length = 0;
      const pages = await lastValueFrom(db.query(table, { ...queryAll, limit: 5 }).pipe(take(3), toArray()));
      expect(pages).toHaveLength(3);
      expect(measurements.filter((m) => m.action === 'Query')).toHaveLength(3);
    });

    it('resumes from any page lastEvaluatedKey (checkpoint/resume) without losing or repeating items', async () => {
      const firstTwo = await lastValueFrom(db.query<Row>(table, { ...queryAll, limit: 20 }).pipe(take(2), toArray()));
      const checkpoint = firstTwo[1]!.lastEvaluatedKey!;
      const rest = await lastValueFrom(db.query<Row>(table, { ...queryAll, limit: 20, exclusiveStartKey: checkpoint }).pipe(items(), toArray()));
      const all = [...firstTwo.flatMap((page) => page.items), ...rest].map((row) => row.sk);
      expect(all).toEqual(Array.from({ length: 125 }, (_, i) => i * 2));
    });

    it('does not mutate the options object', async () => {
      const options = { ...queryAll, limit: 30 };
      const frozen = JSON.stringify(options);
      await lastValueFrom(db.query(table, options));
      expect(JSON.stringify(options)).toBe(frozen);
    });

    it('filters: count and scannedCount differ', async () => {
      const pages: Page<Row>[] = await lastValueFrom(
        db.query<Row>(table, { keyConditionExpression: 'pk = :pk AND sk < :max', filterExpression: 'even = :no', expressionAttributeValues: { ':pk': 'all', ':max': 100, ':no': false } }).pipe(toArray()),
      );
      expect(pages).toHaveLength(1);
      expect(pages[0]).toMatchObject({ items: [], count: 0, scannedCount: 50 });
    });
  });

  describe('scan', () => {
    it('streams every item of the table exactly once', async () => {
      const rows = await lastValueFrom(db.scan<Row>(table, { limit: 33 }).pipe(items(), toArray()));
      expect(rows).toHaveLength(ITEMS);
      expect(new Set(rows.map((row) => `${row.pk}/${row.sk}`)).size).toBe(ITEMS);
    });

    it('scans one segment of a parallel scan, and segments together cover the table', async () => {
      const segments = await Promise.all([0, 1, 2].map((segment) => lastValueFrom(db.scan<Row>(table, { segment, totalSegments: 3 }).pipe(toArray()))));
      for (const [segment, pages] of segments.entries()) for (const page of pages) expect(page.segment).toBe(segment);
      const keys = segments.flatMap((pages) => pages.flatMap((page) => page.items.map((row) => `${row.pk}/${row.sk}`)));
      expect(keys).toHaveLength(ITEMS);
      expect(new Set(keys).size).toBe(ITEMS);
    });
  });
});
