import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { firstValueFrom, map, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { marshall, NumberValue, unmarshall, type AttributeMap } from '../../src/marshall/index.js';
import { itemSize, MAX_ITEM_BYTES } from '../../src/input/item-size.js';
import { okResponse } from '../../src/testing/fixtures.js';
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

/**
 * Decimal text right at DynamoDB's limits: 36 to 40 significant digits, exponents from 1E-133 to 1E+128,
 * written in plain or scientific notation with leading and trailing zeros that do not count.
 */
const edgeDecimal = fc
  .tuple(fc.integer({ min: 36, max: 40 }), fc.integer({ min: -133, max: 128 }), fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 3 }))
  .chain(([length, exponent, negative, seed, zeros]) =>
    fc.stringMatching(new RegExp(`^[1-9][0-9]{${length - 2}}[1-9]$`)).map((digits) => {
      const sign = negative ? '-' : '';
      // Scientific `d.ddd…E±x`, or the same value as plain digits when the exponent is small enough.
      const scientific = `${sign}${digits[0]}.${digits.slice(1)}${'0'.repeat(zeros)}E${exponent >= 0 ? '+' : ''}${exponent}`;
      if (seed % 2 === 0 || exponent < -20 || exponent > 60) return scientific;
      const point = exponent + 1;
      const plain = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
      return sign + plain;
    }),
  );

describe('values at the limits', () => {
  it('a number at the 38-digit and exponent limits round-trips exactly or is refused with InvalidParameterError', () => {
    const seen = { kept: 0, refused: 0 };
    fc.assert(
      fc.property(edgeDecimal, (text) => {
        let verdict: unknown;
        try {
          verdict = expected(uncheckedNumber(text));
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          expect(() => new NumberValue(text)).toThrow(InvalidParameterError);
          expect(() => marshall({ n: uncheckedNumber(text) })).toThrow(InvalidParameterError);
          seen.refused++;
          return;
        }
        expect(roundTrip({ n: new NumberValue(text), s: new Set([new NumberValue(text)]) })).toEqual({ n: verdict, s: new Set([verdict]) });
        seen.kept++;
      }),
      { numRuns: 1000 },
    );
    // Both sides of each limit were reached.
    expect(seen.kept).toBeGreaterThan(200);
    expect(seen.refused).toBeGreaterThan(200);
  });

  it('refuses an item given a prototype other than Object.prototype, at any depth', () => {
    fc.assert(
      fc.property(item, fc.constantFrom<object>({ inherited: 1 }, Object.create(null) as object, new Date(0), []), (native, prototype) => {
        const odd = Object.setPrototypeOf({ ...native }, prototype) as object;
        expect(() => marshall(odd)).toThrow(InvalidParameterError);
        expect(() => marshall({ nested: { odd } })).toThrow(InvalidParameterError);
      }),
      { numRuns: 300 },
    );
  });
});

/** A NumberValue whose text was never checked (as from another copy of the library, or a forged brand). */
class UncheckedNumber {
  constructor(readonly value: string) {
    Object.defineProperty(this, Symbol.for('rx-dynamodb.NumberValue'), { value: true });
  }
}
const uncheckedNumber = (value: string) => new UncheckedNumber(value) as unknown as NumberValue;

describe('through the client: refused before sending, or sent exactly as marshalled', () => {
  it('putItem either sends the marshalled item or fails with InvalidParameterError and sends nothing', async () => {
    const sent: string[] = [];
    const db = new DynamoDB({
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      env: {},
      transport: (request) => {
        sent.push(request.body);
        return of(okResponse({}));
      },
    });
    await fc.assert(
      fc.asyncProperty(junk, async (junkValue) => {
        sent.length = 0;
        const native = { id: 'k', junkValue };
        let wire: AttributeMap | undefined;
        try {
          wire = marshall(native);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidParameterError);
        }
        const outcome = await firstValueFrom(db.putItem('Table', native).pipe(map(() => 'sent'))).catch((e: unknown) => e);
        if (wire === undefined) {
          expect(outcome).toBeInstanceOf(InvalidParameterError);
          expect((outcome as InvalidParameterError).parameter).toMatch(/^item\.junkValue/);
          expect(sent).toEqual([]);
        } else if (itemSize(wire) > MAX_ITEM_BYTES) {
          expect(outcome).toBeInstanceOf(InvalidParameterError);
          expect(sent).toEqual([]);
        } else {
          expect(outcome).toBe('sent');
          expect(JSON.parse(sent[0]!)).toEqual({ TableName: 'Table', Item: JSON.parse(JSON.stringify(wire)) });
        }
      }),
      { numRuns: 500 },
    );
  });
});
