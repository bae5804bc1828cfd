import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { itemSize, MAX_ITEM_BYTES } from '../../src/input/item-size.js';
import { marshall } from '../../src/marshall/marshall.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import type { NativeValue } from '../../src/marshall/types.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';

// The client's 400 KB item check against the one server that enforces it, DynamoDB Local: an item the
// client counts at exactly 400 KB must be stored, one byte more must be refused by both. Numbers are
// where counting is subtle: DynamoDB stores their digits in base 100 aligned on the decimal point.

let db: DynamoDB;
const table = uniqueTableName('ItemSize');

beforeAll(async () => {
  db = localClient(dynamodbLocal().endpoint);
  await firstValueFrom(db.createTable(tableDefinition(table)));
});
afterAll(async () => {
  await firstValueFrom(db.deleteTable(table));
});

type Attributes = Record<string, NativeValue>;

/** `attributes` under key `pk`, padded with a string so that the client counts exactly `bytes`. */
function itemOf(attributes: Attributes, bytes: number): Attributes {
  const unpadded = { pk: 'size', ...attributes, pad: '' };
  return { ...unpadded, pad: 'x'.repeat(bytes - itemSize(marshall(unpadded))) };
}

/** Whether DynamoDB Local stores `item` sent as is (no client-side check), or refuses it for its size. */
async function localStores(item: Attributes): Promise<boolean> {
  const error = await firstValueFrom(db.execute('PutItem', { TableName: table, Item: marshall(item) })).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (error === undefined) return true;
  expect(error).toMatchObject({ code: 'ValidationException', message: expect.stringMatching(/size has exceeded the maximum allowed size/) });
  return false;
}

/** The client stores the item it counts at 400 KB, refuses one byte more, and DynamoDB Local refuses that one too. */
async function agreesAtTheLimit(attributes: Attributes): Promise<void> {
  await firstValueFrom(db.putItem(table, itemOf(attributes, MAX_ITEM_BYTES)));
  const over = itemOf(attributes, MAX_ITEM_BYTES + 1);
  const refusal = await firstValueFrom(db.putItem(table, over)).catch((e: unknown) => e);
  expect(refusal).toBeInstanceOf(InvalidParameterError);
  expect(await localStores(over)).toBe(false);
}

/** `count` attributes `n0`, `n1`, ... all holding `value`. */
function many(value: NativeValue, count = 200): Attributes {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`n${index}`, value]));
}

const n = (text: string) => new NumberValue(text);

describe('the 400 KB item check on DynamoDB Local', () => {
  it.each([
    ['decimals that straddle a base-100 digit', many(n('1.2'))],
    ['negative numbers', many(n('-7'))],
    ['negative decimals', many(n('-1.23'))],
    ['the largest exponent', many(n('1E+125'))],
    ['the smallest magnitude', many(n('1E-130'))],
    ['the smallest negative magnitude', many(n('-1E-130'))],
    ['38 digits at the top of the range', many(n('9.9999999999999999999999999999999999999E+125'))],
    ['38-digit integers', many(12345678901234567890123456789012345678n)],
    ['38-digit negative integers', many(-12345678901234567890123456789012345678n)],
    ['38-digit fractions that straddle', many(n('1.2345678901234567890123456789012345678'))],
    ['38-digit negative fractions (21 bytes, the most a number takes)', many(n('-1.2345678901234567890123456789012345678'))],
    ['long integers past 2^53', many(2n ** 64n + 1n)],
    ['JS numbers with exponents', many(1.5e-7)],
    ['zero', many(0)],
    ['number sets', many(new Set([n('1.2'), n('-3'), 12.5]), 100)],
    ['numbers in lists and maps', many([n('1.2'), { a: n('-0.5'), b: [n('10.01')] }], 100)],
  ])('agrees with DynamoDB Local to the byte for %s', (_, attributes) => agreesAtTheLimit(attributes));

  const digits = fc.stringMatching(/^[1-9]([0-9]{0,36}[1-9])?$/);
  /** A DynamoDB number as text: up to 38 significant digits, any sign, anywhere in 1E-130 .. 9.99E+125. */
  const numberText = fc
    .record({ digits, negative: fc.boolean(), exponent: fc.integer({ min: -130, max: 125 }), form: fc.constantFrom('scientific', 'plain') })
    .map(({ digits: significant, negative, exponent, form }) => {
      const sign = negative ? '-' : '';
      if (form === 'scientific' || exponent > 40 || exponent < -40) return `${sign}${significant[0]}${significant.length > 1 ? `.${significant.slice(1)}` : ''}E${exponent >= 0 ? '+' : ''}${exponent}`;
      const point = exponent + 1; // digits before the decimal point
      if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${significant}`;
      if (point >= significant.length) return `${sign}${significant}${'0'.repeat(point - significant.length)}`;
      return `${sign}${significant.slice(0, point)}.${significant.slice(point)}`;
    });
  const number = fc.oneof(
    numberText.map(n),
    fc.bigInt({ min: -(10n ** 38n - 1n), max: 10n ** 38n - 1n }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e125, max: 1e125 }).filter((d) => d === 0 || Math.abs(d) >= 1e-130),
  );
  const attributes = fc.dictionary(fc.stringMatching(/^[a-z]{1,3}$/), number, { minKeys: 1, maxKeys: 60 }).map((entries) => {
    // Rename so that no attribute is called like the key or the padding.
    return Object.fromEntries(Object.entries(entries).map(([name, value]) => [`n_${name}`, value])) as Attributes;
  });

  it('agrees with DynamoDB Local to the byte on items of many numbers of every kind', async () => {
    await fc.assert(fc.asyncProperty(attributes, agreesAtTheLimit), { numRuns: 40 });
  });
});
