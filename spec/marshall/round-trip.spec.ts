import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { marshall, NumberValue, unmarshall, type AttributeMap } from '../../src/marshall/index.js';
import { expected, expectedItem, Invalid } from './oracle.js';

/** marshall, then through JSON text as on the wire, then unmarshall. */
function roundTrip(item: object): unknown {
  return unmarshall(JSON.parse(JSON.stringify(marshall(item))) as AttributeMap);
}

const name = fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' });
const double = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => d === 0 || (Math.abs(d) >= 1e-130 && Math.abs(d) < 1e126));
const bigint = fc.bigInt({ min: -(10n ** 38n - 1n), max: 10n ** 38n - 1n });
/** Fractions of 18 to 38 significant digits: no double is exactly one of them. */
const longFraction = fc
  .tuple(fc.stringMatching(/^[1-9][0-9]{16,36}[1-9]$/), fc.nat(), fc.boolean())
  .map(([digits, at, negative]) => {
    const point = 1 + (at % (digits.length - 1));
    return new NumberValue(`${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`);
  });
const numberValue = fc.oneof(longFraction, double.map((d) => new NumberValue(d)), bigint.map((b) => new NumberValue(b)));
const bytes = fc.uint8Array({ maxLength: 20 });
const scalar = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  double,
  fc.integer(),
  bigint,
  numberValue,
  fc.boolean(),
  fc.constant(null),
  bytes,
  bytes.map((b) => Buffer.from(b)),
  bytes.map((b) => b.slice().buffer),
  fc.constant(-0),
);
const set = fc.oneof(
  fc.uniqueArray(fc.string({ maxLength: 10 }), { minLength: 1, maxLength: 5 }).map((a) => new Set(a)),
  fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 5 }).map((a) => new Set(a)),
  fc.uniqueArray(bigint, { minLength: 1, maxLength: 5 }).map((a) => new Set(a)),
  fc.uniqueArray(bytes, { minLength: 1, maxLength: 5, selector: (b) => Buffer.from(b).toString('base64') }).map((a) => new Set(a)),
);
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    set,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(name, fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 4 }),
  ),
}));
const item = fc.dictionary(name, fc.oneof(value, fc.constant(undefined)), { maxKeys: 6 });

/** Values marshall must refuse or handle: everything fc.anything makes, and the usual suspects. */
const junkLeaf = fc.oneof(
  fc.constantFrom<unknown>(
    NaN,
    Infinity,
    -Infinity,
    1e300,
    5e-324,
    10n ** 40n + 7n,
    undefined,
    Symbol('s'),
    () => 1,
    new Date(0),
    new Map([['a', 1]]),
    new WeakMap(),
    /re/,
    Promise.resolve(),
    new Uint16Array(2),
    new Error('e'),
    new (class Custom {})(),
    new Set(),
    new Set([1, 1n]),
    new Set(['a', 1]),
    new Set([undefined]),
    [1, , 3], // eslint-disable-line no-sparse-arrays
    [undefined],
  ),
  fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((code) => String.fromCharCode(code)), maxLength: 4 }),
  fc.constantFrom('x'.repeat(100_000), `${'x'.repeat(100_000)}\ud800`),
  fc.nat({ max: 40 }).map((levels) => {
    let nested: unknown = 1;
    for (let i = 0; i < levels; i++) nested = i % 2 ? [nested] : { n: nested };
    return nested;
  }),
);
const junk = fc.oneof(
  fc.anything({
    maxDepth: 4,
    maxKeys: 5,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withTypedArray: true,
    withSparseArray: true,
    stringUnit: 'binary',
    values: [fc.oneof(fc.anything().filter((v) => typeof v !== 'object'), junkLeaf)],
  }),
  junkLeaf,
);

describe('round trips', () => {
  it('gives back an equal value for any storable item, through JSON text', () => {
    fc.assert(
      fc.property(item, (native) => {
        expect(roundTrip(native)).toEqual(expectedItem(native));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the exact value of every number kind', () => {
    fc.assert(
      fc.property(fc.oneof(double, fc.integer(), bigint, numberValue), (number) => {
        const back = roundTrip({ number, set: new Set([number]) }) as { number: unknown; set: Set<unknown> };
        expect(back.number).toEqual(expected(number));
        expect(back.set).toEqual(new Set([expected(number)]));
      }),
      { numRuns: 3000 },
    );
  });

  it('either round-trips or refuses with InvalidParameterError, never anything else', () => {
    fc.assert(
      fc.property(junk, junk, (junkValue, other) => {
        const native = { junkValue, nested: { list: [other] } };
        let verdict: unknown;
        try {
          verdict = expectedItem(native);
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          verdict = error;
        }
        if (verdict instanceof Invalid) {
          expect(() => marshall(native)).toThrow(InvalidParameterError);
        } else {
          expect(roundTrip(native)).toEqual(verdict);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
