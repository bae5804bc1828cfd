/**
 * Differential check against @aws-sdk/util-dynamodb (default options): where both accept a value they must
 * write the same wire JSON and read it back the same. Documented differences, each pinned by a test below:
 *
 * - `undefined` properties: we omit them; the SDK throws (unless `removeUndefinedValues`).
 * - Numbers past ±2^53: we write the double's exact shortest form (`1e+21`); the SDK throws.
 * - Numbers DynamoDB refuses (1e-200, 5e-324, bigints of 39+ digits): we refuse; the SDK sends them.
 * - Lone surrogates in strings, empty attribute names: we refuse; the SDK sends them.
 * - `Map`, boxed primitives, typed arrays other than Uint8Array, DataView: we refuse; the SDK converts
 *   them (Map -> M, Uint16Array -> its raw platform-order bytes). Functions in objects: we refuse; the SDK
 *   drops them silently.
 * - Sets: we refuse mixed kinds and duplicate wire values; the SDK checks only the first element (so
 *   `new Set(['a', 1])` becomes SS ['a', '1']) and sends duplicates.
 * - Cycles and nesting past 32 levels: we throw InvalidParameterError; the SDK overflows the stack.
 * - Binary on the wire: we write and read base64 text; the SDK's marshall leaves bytes for its serializer.
 * - Reading N: we return a number whenever the double is exactly the decimal (even past 2^53, e.g.
 *   `100000000000000000000`), else a bigint or a NumberValue; the SDK returns a bigint past 2^53, a lossy
 *   number for long decimals (`0.12345678901234567890123`), and throws on `1e+21`-style text past 2^53.
 *   We refuse malformed N text (`0x10`, ``); the SDK reads it as 16 and 0.
 */
import { Buffer } from 'node:buffer';
import { marshall as sdkMarshall, unmarshall as sdkUnmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { marshall, NumberValue, unmarshall, type AttributeMap } from '../../src/marshall/index.js';

type SdkWire = Parameters<typeof sdkUnmarshall>[0];

/** The SDK keeps bytes in B/BS (its serializer encodes them later): turn them into base64 like ours. */
function sdkToJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v))) as unknown;
}

/**
 * Our wire JSON in the SDK's in-memory form: base64 B/BS back to bytes. Walks the AttributeValue
 * structure, so a map attribute that happens to be named "B" stays a name.
 */
function jsonToSdk(map: AttributeMap): SdkWire {
  const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'base64'));
  const reviveValue = (value: Record<string, unknown>): unknown => {
    if ('B' in value) return { B: bytes(value['B'] as string) };
    if ('BS' in value) return { BS: (value['BS'] as string[]).map(bytes) };
    if ('L' in value) return { L: (value['L'] as Record<string, unknown>[]).map(reviveValue) };
    if ('M' in value) return { M: reviveMap(value['M'] as Record<string, Record<string, unknown>>) };
    return value;
  };
  const reviveMap = (attributes: Record<string, Record<string, unknown>>) =>
    Object.fromEntries(Object.entries(attributes).map(([attribute, value]) => [attribute, reviveValue(value)]));
  return reviveMap(map as unknown as Record<string, Record<string, unknown>>) as SdkWire;
}

// Attribute names include the type tags themselves ("B", "M", ...) to catch confusion between the two.
const name = fc.oneof(fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }), fc.constantFrom('B', 'BS', 'M', 'L', 'N', 'S', 'SS', 'NULL'));
const safeDouble = fc.double({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, noNaN: true }).filter((d) => d === 0 || Math.abs(d) >= 1e-130);
const safeInteger = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  safeDouble,
  safeInteger,
  fc.bigInt({ min: BigInt(Number.MIN_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) }),
  fc.boolean(),
  fc.constant(null),
  fc.uint8Array({ maxLength: 16 }),
  fc.uniqueArray(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 4 }).map((a) => new Set(a)),
  fc.uniqueArray(safeInteger, { minLength: 1, maxLength: 4 }).map((a) => new Set(a)),
  fc.uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3, selector: (b) => b.join() }).map((a) => new Set(a)),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(name, tie('value'), { maxKeys: 4, noNullPrototype: true })),
}));
const item = fc.dictionary(name, value, { maxKeys: 6, noNullPrototype: true });

describe('against @aws-sdk/util-dynamodb', () => {
  it('writes the same wire JSON for values both accept', () => {
    fc.assert(
      fc.property(item, (native) => {
        expect(marshall(native)).toEqual(sdkToJson(sdkMarshall(native)));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the same native values from wire JSON both read exactly', () => {
    fc.assert(
      fc.property(item, (native) => {
        const wire = JSON.parse(JSON.stringify(marshall(native))) as AttributeMap;
        expect(unmarshall(wire)).toEqual(sdkUnmarshall(jsonToSdk(wire)));
      }),
      { numRuns: 1000 },
    );
  });

  it('omits undefined properties where the SDK throws', () => {
    expect(marshall({ a: 1, b: undefined })).toEqual({ a: { N: '1' } });
    expect(() => sdkMarshall({ a: 1, b: undefined })).toThrow(/removeUndefinedValues/);
  });

  it('writes numbers past 2^53 exactly where the SDK throws', () => {
    expect(marshall({ n: 1e21 })).toEqual({ n: { N: '1e+21' } });
    expect(() => sdkMarshall({ n: 1e21 })).toThrow(/MAX_SAFE_INTEGER/);
  });

  it('refuses what DynamoDB refuses, where the SDK sends it', () => {
    for (const bad of [{ n: 5e-324 }, { n: 1e-200 }, { n: 10n ** 40n + 1n }, { s: '\ud800' }, { '': 1 }, { s: new Set([1, 1n]) }, { s: new Set(['a', 1]) }]) {
      expect(() => marshall(bad)).toThrow(InvalidParameterError);
      expect(() => sdkMarshall(bad)).not.toThrow();
    }
    expect(sdkMarshall({ s: new Set(['a', 1]) })).toEqual({ s: { SS: ['a', '1'] } });
  });

  it('refuses Maps, boxed primitives, other typed arrays and functions, which the SDK converts or drops', () => {
    for (const odd of [new Map([['k', 1]]), new String('s'), new Uint16Array([1]), new DataView(new ArrayBuffer(1)), () => 1]) {
      expect(() => marshall({ odd })).toThrow(InvalidParameterError);
    }
    expect(sdkMarshall({ odd: new Map([['k', 1]]) })).toEqual({ odd: { M: { k: { N: '1' } } } });
    expect(sdkMarshall({ odd: () => 1 })).toEqual({});
  });

  it('stops cycles with InvalidParameterError where the SDK overflows the stack', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => marshall(cyclic)).toThrow(InvalidParameterError);
    expect(() => sdkMarshall(cyclic)).toThrow(RangeError);
  });

  it('reads numbers without losing precision where the SDK loses it, throws, or guesses', () => {
    const wire = { long: { N: '0.12345678901234567890123' }, exact: { N: '100000000000000000000' }, exp: { N: '1e+21' } };
    expect(unmarshall(wire)).toEqual({ long: new NumberValue('0.12345678901234567890123'), exact: 1e20, exp: 1e21 });
    expect(sdkUnmarshall({ long: wire.long, exact: wire.exact })).toEqual({ long: 0.12345678901234568, exact: 100000000000000000000n });
    expect(() => sdkUnmarshall({ exp: wire.exp })).toThrow();
    expect(() => unmarshall({ hex: { N: '0x10' } })).toThrow(InvalidParameterError);
    expect(sdkUnmarshall({ hex: { N: '0x10' } })).toEqual({ hex: 16 });
  });
});
