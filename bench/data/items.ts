/**
 * The items every benchmark uses, in native form: realistic ~1.4 KB orders (most measurements)
 * and ~0.2 KB sensor readings (the 1,000,000-item scan, so that it stays a few seconds long).
 */

const line = (n: number) => ({ sku: `SKU-${String(n).padStart(6, '0')}`, name: `Stainless widget, model ${n}`, price: 19.99 + n, qty: n + 1, backordered: n % 2 === 0 });

/** Orders are spread over this many customers (partitions); the end-to-end Query reads one. */
export const CUSTOMERS = 5;

/** The partition key of customer `c`. */
export const customerKey = (c: number) => `CUSTOMER#8f14e45f-ceea-467f-a8f0-${String(c).padStart(12, '0')}`;

/** The primary key of order `i`. */
export const orderKey = (i: number) => ({ pk: customerKey(i % CUSTOMERS), sk: `ORDER#2024-01-15T10:30:00.000Z#${String(i).padStart(6, '0')}` });

/** An order: keys, strings, integers, decimals, timestamps, nested maps, a list of maps, a string set, null. */
export const orderItem = (i: number) => ({
  ...orderKey(i),
  type: 'order',
  status: i % 3 ? 'SHIPPED' : 'PENDING',
  total: 129.99 + i,
  itemCount: 4,
  createdAt: 1705314600000 + i,
  updatedAt: 1705401000123 + i,
  customer: {
    name: 'Ada Lovelace',
    email: 'ada.lovelace@example.com',
    address: { street: '12 Analytical Engine Way', city: 'London', zip: 'NW1 6XE', country: 'GB' },
  },
  lines: [line(1), line(2), line(3), line(4)],
  tags: new Set(['priority', 'gift', 'fragile']),
  notes: 'Leave the parcel with the concierge if nobody answers. Ring twice; the bell on the left is broken.',
  flags: { giftWrap: true, expedited: false, signatureRequired: true },
  discountCode: null,
  version: 7,
});

/** A sensor reading: seven flat attributes. */
export const readingItem = (i: number) => ({
  pk: `DEVICE#${String(i % 100).padStart(4, '0')}`,
  sk: `2024-01-15T10:30:00.000Z#${String(i).padStart(9, '0')}`,
  type: 'reading',
  value: 21.5 + (i % 10),
  unit: 'C',
  ok: i % 7 !== 0,
  ts: 1705314600000 + i,
});

/** The kinds of items a canned table can hold. */
export const ITEM_KINDS = { order: orderItem, reading: readingItem } as const;
export type ItemKind = keyof typeof ITEM_KINDS;

/** GetItem calls made at once in the fan-out test, each of its own order. */
export const FAN_OUT_CALLS = 1000;

/** The distinct keys the fan-out test reads. */
export const FAN_OUT_KEYS: readonly ReturnType<typeof orderKey>[] = Array.from({ length: FAN_OUT_CALLS }, (_, i) => orderKey(i));

/** A hundred distinct orders, the working set of writes. */
export const ORDERS: readonly ReturnType<typeof orderItem>[] = Array.from({ length: 100 }, (_, i) => orderItem(i));

/** A hundred distinct readings, the working set of small-item calls. */
export const READINGS: readonly ReturnType<typeof readingItem>[] = Array.from({ length: 100 }, (_, i) => readingItem(i));

/** The working set of single-item calls for each kind of item: the items written, and their keys (read). */
export const WORKING_SETS: Record<ItemKind, { items: readonly Record<string, unknown>[]; keys: readonly { pk: string; sk: string }[] }> = {
  order: { items: ORDERS, keys: ORDERS.map(({ pk, sk }) => ({ pk, sk })) },
  reading: { items: READINGS, keys: READINGS.map(({ pk, sk }) => ({ pk, sk })) },
};
