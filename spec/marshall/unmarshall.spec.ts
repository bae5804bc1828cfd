import { describe, expect, it } from 'vitest';
import { NumberValue, unmarshall, unmarshallValue, type AttributeMap, type AttributeValue } from '../../src/marshall/index.js';
import { refusal } from './refusal.js';

const n = (text: string) => unmarshallValue({ N: text });

describe('unmarshall: every type', () => {
  it('reads scalars, lists, maps and sets', () => {
    const native = unmarshall({
      s: { S: 'text' },
      n: { N: '42' },
      t: { BOOL: true },
      nil: { NULL: true },
      bin: { B: 'AAH/' },
      list: { L: [{ N: '1' }, { S: 'a' }, { L: [] }] },
      map: { M: { inner: { M: { deeper: { S: 'x' } } } } },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '0.5', '9007199254740993'] },
      bs: { BS: ['AQ==', 'Ag=='] },
    });
    expect(native).toEqual({
      s: 'text',
      n: 42,
      t: true,
      nil: null,
      bin: new Uint8Array([0, 1, 255]),
      list: [1, 'a', []],
      map: { inner: { deeper: 'x' } },
      ss: new Set(['a', 'b']),
      ns: new Set([1, 0.5, 9007199254740993n]),
      bs: new Set([new Uint8Array([1]), new Uint8Array([2])]),
    });
  });

  it('returns binary as a plain Uint8Array over its own memory, not a Buffer or a pool slice', () => {
    const bytes = unmarshallValue({ B: 'aGVsbG8=' }) as Uint8Array;
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(5);
    expect(new TextDecoder().decode(bytes)).toBe('hello');
    expect(unmarshallValue({ B: '' })).toEqual(new Uint8Array(0));
  });

  it('keeps a "__proto__" attribute as an own property without touching the prototype', () => {
    const native = unmarshall(JSON.parse('{"__proto__":{"M":{"polluted":{"BOOL":true}}}}') as AttributeMap);
    expect(Object.getPrototypeOf(native)).toBe(Object.prototype);
    expect(Object.keys(native)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('unmarshall: numbers never lose precision', () => {
  it('returns a number when the double is exactly the decimal', () => {
    expect(n('0')).toBe(0);
    expect(n('-1.5')).toBe(-1.5);
    expect(n('0.1')).toBe(0.1);
    expect(n('1.10')).toBe(1.1);
    expect(n('129.99')).toBe(129.99);
    expect(n('9007199254740992')).toBe(2 ** 53);
    expect(n('1705314600000')).toBe(1705314600000);
    expect(n('100000000000000000000')).toBe(1e20);
    expect(n('1e+21')).toBe(1e21);
    expect(n('1E5')).toBe(100000);
    expect(n('1.5e-7')).toBe(1.5e-7);
    expect(n('1.')).toBe(1);
    expect(n('.5')).toBe(0.5);
    expect(n('1e-130')).toBe(1e-130);
    expect(n(`1${'0'.repeat(125)}`)).toBe(1e125);
    expect(n(`0.${'0'.repeat(129)}1`)).toBe(1e-130);
  });

  it('returns 0, never -0 (DynamoDB has no negative zero)', () => {
    expect(Object.is(n('-0'), 0)).toBe(true);
    expect(Object.is(n('-0.000'), 0)).toBe(true);
    expect(Object.is(n('-0e5'), 0)).toBe(true);
  });

  it('returns a bigint for an integer no double holds', () => {
    expect(n('9007199254740993')).toBe(9007199254740993n);
    expect(n('-9007199254740993')).toBe(-9007199254740993n);
    expect(n('123456789012345678')).toBe(123456789012345678n);
    expect(n('12345678901234567890123456789012345678')).toBe(12345678901234567890123456789012345678n);
    expect(n('9.9999999999999999999999999999999999999E+125')).toBe(99999999999999999999999999999999999999n * 10n ** 88n);
    expect(n('1.5e20')).toBe(150000000000000000000); // exact: a number
    expect(n('1.00000000000000001e20')).toBe(100000000000000001000n);
  });

  it('returns a NumberValue for a fraction no double holds', () => {
    expect(n('0.12345678901234567890123')).toEqual(new NumberValue('0.12345678901234567890123'));
    expect(n('0.30000000000000004441')).toEqual(new NumberValue('0.30000000000000004441'));
    expect(n('1.0000000000000001')).toEqual(new NumberValue('1.0000000000000001'));
    expect(n('1.23456789012345678e-100')).toEqual(new NumberValue('1.23456789012345678e-100'));
  });

  it('applies the same rule to number sets', () => {
    expect(unmarshallValue({ NS: ['1', '9007199254740993', '0.12345678901234567890123'] })).toEqual(
      new Set([1, 9007199254740993n, new NumberValue('0.12345678901234567890123')]),
    );
  });

  it('returns every number as a NumberValue with wrapNumbers, text untouched', () => {
    const native = unmarshall({ a: { N: '1' }, b: { NS: ['2', '3.50'] }, c: { L: [{ N: '1e+21' }] } }, { wrapNumbers: true });
    expect(native).toEqual({
      a: new NumberValue('1'),
      b: new Set([new NumberValue('2'), new NumberValue('3.50')]),
      c: [new NumberValue('1e+21')],
    });
    expect(unmarshallValue({ N: '42' }, { wrapNumbers: true })).toEqual(new NumberValue('42'));
  });

  it('refuses number text that is not a DynamoDB number', () => {
    for (const text of ['', '-', '.', ' 1', '1 ', '+1', '0x10', '0b1', '1_000', '1e', 'e5', 'Infinity', 'NaN', '1..2', '١']) {
      refusal(() => n(text), 'value');
    }
    expect(refusal(() => n('1e126'), 'value').message).toMatch(/range/);
    refusal(() => n('1e-131'), 'value');
    expect(refusal(() => n('1'.repeat(39)), 'value').message).toMatch(/39 significant digits/);
    refusal(() => unmarshallValue({ N: '1e126' }, { wrapNumbers: true }), 'value');
    refusal(() => unmarshall({ s: { NS: ['1', 'x'] } }), 'map.s<set>');
  });
});

describe('unmarshall: malformed wire JSON names the path', () => {
  const bad = (value: unknown) => unmarshall({ a: value } as unknown as AttributeMap);

  it('refuses values that are not one-key attribute value objects', () => {
    expect(refusal(() => bad(null), 'map.a').message).toMatch(/got null/);
    refusal(() => bad('text'), 'map.a');
    refusal(() => bad([{ S: 'x' }]), 'map.a');
    expect(refusal(() => bad({}), 'map.a').message).toMatch(/has none/);
    expect(refusal(() => bad({ S: 'x', N: '1' }), 'map.a').message).toMatch(/exactly one type key/);
    expect(refusal(() => bad({ X: 1 }), 'map.a').message).toMatch(/unknown attribute value type "X"/);
  });

  it('refuses type keys holding the wrong kind of value', () => {
    for (const value of [{ S: 1 }, { N: 1 }, { B: 1 }, { BOOL: 'true' }, { NULL: false }, { L: {} }, { M: [] }, { M: null }, { SS: 'a' }]) {
      expect(refusal(() => bad(value), 'map.a').message).toMatch(/must hold/);
    }
    refusal(() => bad({ NS: [1] }), 'map.a<set>');
    refusal(() => bad({ BS: [null] }), 'map.a<set>');
    expect(refusal(() => bad({ SS: [] }), 'map.a').message).toMatch(/no empty sets/);
    expect(refusal(() => bad({ B: 'not base64!' }), 'map.a').message).toMatch(/base64/);
    refusal(() => bad({ B: 'AQ' }), 'map.a'); // unpadded
    refusal(() => bad({ BS: ['AQ==', '%%%%'] }), 'map.a<set>');
    expect(refusal(() => bad({ SS: ['x', 'x'] }), 'map.a').message).toMatch(/twice/);
  });

  it('names nested paths', () => {
    refusal(() => unmarshall({ m: { M: { 'odd key': { L: [{ S: 'ok' }, { N: 'x' }] } } } }), 'map.m["odd key"][1]');
    refusal(() => unmarshallValue({ L: [{ S: 'ok' }, { Z: 1 }] } as unknown as AttributeValue), 'value[1]');
  });

  it('refuses a map that is not an object, and nesting past 32 levels', () => {
    refusal(() => unmarshall(null as unknown as AttributeMap), 'map');
    refusal(() => unmarshall([] as unknown as AttributeMap), 'map');
    let deep: AttributeValue = { S: 'leaf' };
    for (let i = 0; i < 31; i++) deep = { L: [deep] };
    expect(() => unmarshall({ deep })).not.toThrow();
    expect(refusal(() => unmarshall({ deep: { L: [deep] } }), `map.deep${'[0]'.repeat(31)}`).message).toMatch(/32 levels/);
    const cyclic = { M: {} as AttributeMap };
    cyclic.M.self = cyclic;
    refusal(() => unmarshallValue(cyclic), `value${'.self'.repeat(31)}`);
  });
});
