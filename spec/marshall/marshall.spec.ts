import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { marshall, marshallValue, NumberValue } from '../../src/marshall/index.js';
import { refusal } from './refusal.js';

/** A value nested inside `levels` lists. */
function nestedLists(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('marshall: every type', () => {
  it('writes scalars, lists, maps and sets as DynamoDB JSON', () => {
    const wire = marshall({
      s: 'text',
      n: 42,
      f: -1.5,
      big: 2n ** 64n,
      nv: new NumberValue('0.12345678901234567890123'),
      t: true,
      no: false,
      nil: null,
      bin: new Uint8Array([0, 1, 255]),
      buf: Buffer.from('hi'),
      ab: new Uint8Array([7, 8]).buffer,
      list: [1, 'a', null, [true]],
      map: { inner: { deeper: 'x' } },
      ss: new Set(['a', 'b']),
      ns: new Set([1, 2n, new NumberValue('3.25')]),
      bs: new Set([new Uint8Array([1]), new Uint8Array([2]).buffer]),
    });
    expect(wire).toEqual({
      s: { S: 'text' },
      n: { N: '42' },
      f: { N: '-1.5' },
      big: { N: '18446744073709551616' },
      nv: { N: '0.12345678901234567890123' },
      t: { BOOL: true },
      no: { BOOL: false },
      nil: { NULL: true },
      bin: { B: 'AAH/' },
      buf: { B: 'aGk=' },
      ab: { B: 'Bwg=' },
      list: { L: [{ N: '1' }, { S: 'a' }, { NULL: true }, { L: [{ BOOL: true }] }] },
      map: { M: { inner: { M: { deeper: { S: 'x' } } } } },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2', '3.25'] },
      bs: { BS: ['AQ==', 'Ag=='] },
    });
  });

  it('encodes only the viewed bytes of a Uint8Array over a larger buffer', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 9]);
    expect(marshall({ b: backing.subarray(2, 4) })).toEqual({ b: { B: 'AQI=' } });
  });

  it('allows empty strings, empty binary, empty lists and empty maps', () => {
    expect(marshall({ s: '', b: new Uint8Array(0), l: [], m: {} })).toEqual({ s: { S: '' }, b: { B: '' }, l: { L: [] }, m: { M: {} } });
  });

  it('omits properties whose value is undefined, like JSON.stringify', () => {
    expect(marshall({ a: 1, gone: undefined, m: { also: undefined } })).toEqual({ a: { N: '1' }, m: { M: {} } });
  });

  it('stores -0 as 0 (DynamoDB has no negative zero)', () => {
    expect(marshall({ z: -0, l: [-0] })).toEqual({ z: { N: '0' }, l: { L: [{ N: '0' }] } });
    expect(marshallValue(new Set([-0]), 'v')).toEqual({ NS: ['0'] });
  });

  it('takes own enumerable string keys only', () => {
    const item: Record<string | symbol, unknown> = Object.create({ inherited: 1 }) as Record<string | symbol, unknown>;
    expect(() => marshall(item)).toThrow(/plain object/); // not a plain object: its prototype is not Object.prototype
    const plain: Record<string | symbol, unknown> = { own: 1, [Symbol('s')]: 2 };
    Object.defineProperty(plain, 'hidden', { value: 3, enumerable: false });
    expect(marshall(plain)).toEqual({ own: { N: '1' } });
  });

  it('accepts null-prototype objects and keeps a "__proto__" key as an ordinary attribute', () => {
    const item = Object.create(null) as Record<string, unknown>;
    item.a = 1;
    const withProto = JSON.parse('{"__proto__": {"x": 1}}') as object;
    const wire = marshall(withProto);
    expect(Object.getPrototypeOf(wire)).toBe(Object.prototype);
    expect(Object.keys(wire)).toEqual(['__proto__']);
    expect(JSON.stringify(wire)).toBe('{"__proto__":{"M":{"x":{"N":"1"}}}}');
    expect(marshall(item)).toEqual({ a: { N: '1' } });
  });

  it('writes numbers in the shortest exact form, exponent notation included', () => {
    const n = (value: number) => marshallValue(value, 'v');
    expect(n(0.1)).toEqual({ N: '0.1' });
    expect(n(1e21)).toEqual({ N: '1e+21' });
    expect(n(1.5e-7)).toEqual({ N: '1.5e-7' });
    expect(n(Number.MAX_SAFE_INTEGER)).toEqual({ N: '9007199254740991' });
    expect(n(1e-130)).toEqual({ N: '1e-130' });
    // the largest double below double(1e126), whose shortest form is 1e+126 (refused below)
    expect(n(9.999999999999998e125)).toEqual({ N: '9.999999999999998e+125' });
  });

  it('writes a bigint with all its digits, up to 38 significant ones', () => {
    const max = 10n ** 38n - 1n;
    expect(marshallValue(max, 'v')).toEqual({ N: max.toString() });
    expect(marshallValue(-max, 'v')).toEqual({ N: (-max).toString() });
    expect(marshallValue(2n ** 53n + 1n, 'v')).toEqual({ N: '9007199254740993' });
    // many digits, few significant ones: 39 digits with a trailing zero, and 1E+125
    expect(marshallValue(max * 10n, 'v')).toEqual({ N: (max * 10n).toString() });
    expect(marshallValue(10n ** 125n, 'v')).toEqual({ N: `1${'0'.repeat(125)}` });
  });

  it('writes NumberValue text as given', () => {
    expect(marshallValue(new NumberValue('1.10'), 'v')).toEqual({ N: '1.10' });
    expect(marshallValue(new NumberValue('-9.9999999999999999999999999999999999999E+125'), 'v')).toEqual({
      N: '-9.9999999999999999999999999999999999999E+125',
    });
  });

  it('re-checks a NumberValue from another copy of the library (same brand) before writing it', () => {
    const brand = Symbol.for('rx-dynamodb.NumberValue');
    const foreign = (value?: string) => Object.assign(Object.create({ [brand]: true }) as object, value === undefined ? {} : { value });
    expect(marshallValue(foreign('2.5'), 'v')).toEqual({ N: '2.5' });
    refusal(() => marshallValue(foreign('nope'), 'v'), 'v');
    refusal(() => marshallValue(foreign(), 'v'), 'v');
  });

  it('allows 32 levels of nesting, counting the item (DynamoDB Local refuses 33)', () => {
    expect(() => marshall({ deep: nestedLists(31) })).not.toThrow();
    expect(() => marshallValue(nestedLists(31), 'v')).not.toThrow();
  });
});

describe('marshall: refusals name the attribute path', () => {
  it('refuses non-finite and out-of-range numbers', () => {
    expect(refusal(() => marshall({ a: NaN }), 'item.a').message).toMatch(/NaN/);
    expect(refusal(() => marshall({ a: Infinity }), 'item.a').message).toMatch(/Infinity/);
    refusal(() => marshall({ a: -Infinity }), 'item.a');
    expect(refusal(() => marshall({ a: 1e300 }), 'item.a').message).toMatch(/range/);
    refusal(() => marshall({ a: 1e126 }), 'item.a');
    refusal(() => marshall({ a: 5e-324 }), 'item.a');
    refusal(() => marshall({ a: 9e-131 }), 'item.a');
    refusal(() => marshall({ a: 9.999999999999999e125 }), 'item.a'); // its double prints as 1e+126
  });

  it('refuses a bigint of more than 38 significant digits or 1E+126 and beyond', () => {
    expect(refusal(() => marshall({ a: 10n ** 38n + 1n }), 'item.a').message).toMatch(/39 significant digits/);
    refusal(() => marshall({ a: 10n ** 126n }), 'item.a');
  });

  it('names nested paths: maps with dots, odd names in brackets, lists with indexes', () => {
    refusal(() => marshall({ address: { zip: NaN } }), 'item.address.zip');
    refusal(() => marshall({ tags: ['a', 'b', 'c', Symbol('x')] }), 'item.tags[3]');
    refusal(() => marshall({ 'first name': { 'x-y': [NaN] } }), 'item["first name"]["x-y"][0]');
    refusal(() => marshall({ id: NaN }, 'key'), 'key.id');
    refusal(() => marshallValue([1, [2, NaN]], 'expressionAttributeValues[":v"]'), 'expressionAttributeValues[":v"][1][1]');
  });

  it('refuses undefined in lists, holes in sparse arrays, and undefined as a value', () => {
    expect(refusal(() => marshall({ l: [1, undefined] }), 'item.l[1]').message).toMatch(/undefined/);
    // eslint-disable-next-line no-sparse-arrays
    expect(refusal(() => marshall({ l: [1, , 3] }), 'item.l[1]').message).toMatch(/hole/);
    refusal(() => marshallValue(undefined, 'v'), 'v');
  });

  it('refuses sets that DynamoDB would refuse', () => {
    expect(refusal(() => marshall({ s: new Set() }), 'item.s').message).toMatch(/empty sets/);
    expect(refusal(() => marshall({ s: new Set(['a', 1]) }), 'item.s<set>').message).toMatch(/mixes strings with a number/);
    refusal(() => marshall({ s: new Set([1, 'a']) }), 'item.s<set>');
    refusal(() => marshall({ s: new Set([new Uint8Array([1]), 'a']) }), 'item.s<set>');
    refusal(() => marshall({ s: new Set([undefined]) }), 'item.s<set>');
    refusal(() => marshall({ s: new Set([{}]) }), 'item.s<set>');
    refusal(() => marshall({ s: new Set([true]) }), 'item.s<set>');
    refusal(() => marshall({ s: new Set([null]) }), 'item.s<set>');
  });

  it('refuses set elements with the same wire value', () => {
    expect(refusal(() => marshall({ scores: new Set([1, 1n]) }), 'item.scores<set>').message).toMatch(/twice/);
    refusal(() => marshall({ scores: new Set([new NumberValue('1'), 1]) }), 'item.scores<set>');
    refusal(() => marshall({ scores: new Set([new NumberValue('1.0'), new NumberValue('1e0')]) }), 'item.scores<set>');
    refusal(() => marshall({ scores: new Set([1e21, 10n ** 21n]) }), 'item.scores<set>');
    refusal(() => marshall({ blobs: new Set([new Uint8Array([1, 2]), new Uint8Array([1, 2])]) }), 'item.blobs<set>');
    refusal(() => marshall({ blobs: new Set([new Uint8Array([1, 2]), new Uint8Array([1, 2]).buffer]) }), 'item.blobs<set>');
  });

  it('refuses bad set elements with the set path', () => {
    refusal(() => marshall({ scores: new Set([1, NaN]) }), 'item.scores<set>');
    refusal(() => marshall({ names: new Set(['ok', '\ud800']) }), 'item.names<set>');
  });

  it('refuses strings and names with lone surrogates, and empty names', () => {
    expect(refusal(() => marshall({ s: 'a\ud800b' }), 'item.s').message).toMatch(/surrogate/);
    refusal(() => marshall({ s: '\udc00' }), 'item.s');
    refusal(() => marshall({ '\ud800': 1 }), 'item["\\ud800"]');
    expect(refusal(() => marshall({ m: { '': 1 } }), 'item.m[""]').message).toMatch(/empty attribute names/);
    expect(marshall({ s: '😀 é 日本' })).toEqual({ s: { S: '😀 é 日本' } });
  });

  it('refuses objects that are not plain, saying what to store instead', () => {
    expect(refusal(() => marshall({ d: new Date(0) }), 'item.d').message).toMatch(/toISOString\(\)/);
    expect(refusal(() => marshall({ m: new Map() }), 'item.m').message).toMatch(/Object\.fromEntries/);
    expect(refusal(() => marshall({ r: /x/ }), 'item.r').message).toMatch(/RegExp/);
    expect(refusal(() => marshall({ w: new Uint16Array(2) }), 'item.w').message).toMatch(/Uint16Array.*only Uint8Array/);
    refusal(() => marshall({ w: new Uint8ClampedArray(2) }), 'item.w');
    refusal(() => marshall({ w: new DataView(new ArrayBuffer(2)) }), 'item.w');
    refusal(() => marshall({ w: new WeakMap() }), 'item.w');
    refusal(() => marshall({ w: new WeakSet() }), 'item.w');
    refusal(() => marshall({ p: Promise.resolve(1) }), 'item.p');
    refusal(() => marshall({ e: new Error('x') }), 'item.e');
    refusal(() => marshall({ s: new String('boxed') }), 'item.s');
    refusal(() => marshall({ f: () => 1 }), 'item.f');
    refusal(() => marshall({ s: Symbol('x') }), 'item.s');
    class Point {
      x = 1;
    }
    expect(refusal(() => marshall({ p: new Point() }), 'item.p').message).toMatch(/Point.*plain objects/);
  });

  it('refuses top-level inputs that are not plain objects', () => {
    refusal(() => marshall([1] as unknown as object), 'item');
    refusal(() => marshall(null as unknown as object, 'key'), 'key');
    refusal(() => marshall('id' as unknown as object, 'key'), 'key');
    refusal(() => marshall(new Date(), 'exclusiveStartKey'), 'exclusiveStartKey');
  });

  it('refuses a 33rd level of nesting, and stops cycles with the same message', () => {
    expect(refusal(() => marshall({ deep: nestedLists(32) }), `item.deep${'[0]'.repeat(31)}`).message).toMatch(/32 levels/);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(refusal(() => marshall(cyclic), `item${'.self'.repeat(32)}`).message).toMatch(/cycle/);
  });

  it('keeps long names and long values out of messages', () => {
    const longName = 'n'.repeat(10_000);
    const error = refusal(() => marshall({ [longName]: NaN }), `item["${'n'.repeat(64)}"…]`);
    expect(error.message.length).toBeLessThan(300);
    const huge = new NumberValue('1'.repeat(38));
    expect(huge.value).toHaveLength(38);
    expect(() => new NumberValue('1'.repeat(100_000))).toThrow(/1{24}… \(100000 characters\) has 100000 significant digits/);
  });
});
