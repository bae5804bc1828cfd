import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { decimalKey, exactDouble, numberText, parseDecimal, readDecimal, sameDecimal, type Decimal } from '../../src/marshall/decimal.js';
import { NumberValue } from '../../src/marshall/number-value.js';
import { nativeNumber } from '../../src/marshall/number-wire.js';
import { Refusal } from '../../src/marshall/path.js';

/** Whether `act` throws a Refusal (the internal form of InvalidParameterError). */
function refuses(act: () => unknown): boolean {
  try {
    act();
    return false;
  } catch (error) {
    if (error instanceof Refusal || error instanceof InvalidParameterError) return true;
    throw error;
  }
}

/** The decimal a native number result stands for, to compare with the wire text. */
function decimalOf(value: number | bigint | NumberValue): Decimal {
  const text = typeof value === 'object' ? value.value : String(value);
  const decimal = parseDecimal(text);
  if (decimal === undefined) throw new Error(`unreadable ${text}`);
  return decimal;
}

/** Decimal text in DynamoDB syntax: up to 38 digits, a point somewhere, maybe an exponent. */
const decimalText = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^[0-9]{1,38}$/),
    fc.nat({ max: 40 }),
    fc.option(fc.integer({ min: -140, max: 140 }), { nil: undefined }),
    fc.constantFrom('e', 'E', 'e+'),
  )
  .map(([negative, digits, point, exponent, marker]) => {
    const at = Math.min(point, digits.length);
    const mantissa = at === digits.length ? digits : `${digits.slice(0, at)}.${digits.slice(at)}`;
    const exponentText = exponent === undefined ? '' : `${exponent < 0 ? 'e' : marker}${exponent}`;
    return `${negative ? '-' : ''}${mantissa}${exponentText}`;
  });

describe('parseDecimal', () => {
  it('takes numbers apart into significant digits and the exponent of the first one', () => {
    expect(parseDecimal('123.4500')).toEqual({ negative: false, digits: '12345', exponent: 2 });
    expect(parseDecimal('-0.00120e-3')).toEqual({ negative: true, digits: '12', exponent: -6 });
    expect(parseDecimal('1e+21')).toEqual({ negative: false, digits: '1', exponent: 21 });
    expect(parseDecimal('.5')).toEqual({ negative: false, digits: '5', exponent: -1 });
    expect(parseDecimal('7.')).toEqual({ negative: false, digits: '7', exponent: 0 });
    expect(parseDecimal('-0.0')).toEqual({ negative: false, digits: '', exponent: 0 });
    expect(parseDecimal('0e99999999999999999999')).toEqual({ negative: false, digits: '', exponent: 0 });
  });

  it('refuses what DynamoDB and dynalite do not both accept', () => {
    for (const text of ['', '-', '.', '-.', '+1', ' 1', '1 ', '1e', '1e+', 'e1', '1.2.3', '1e1.5', '0x1', 'Infinity', '1,5']) {
      expect(parseDecimal(text), text).toBeUndefined();
    }
  });

  it('clamps enormous exponents so they are refused as out of range, not wrapped', () => {
    expect(refuses(() => readDecimal(`1e${'9'.repeat(400)}`))).toBe(true);
    expect(refuses(() => readDecimal(`1e-${'9'.repeat(400)}`))).toBe(true);
  });

  it('agrees with JS Number on the value of every decimal it reads', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const decimal = parseDecimal(text);
        expect(decimal).toBeDefined();
        const double = Number(text);
        if (decimal!.digits === '') expect(double).toBe(0 * double);
        else if (Number.isFinite(double) && double !== 0) expect(sameDecimal(decimal!, decimalOf(double)) || decimal!.digits.length > 15).toBe(true);
      }),
    );
  });

  it('gives equal numbers the same key whatever their notation', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9][0-9]{0,10}$/), fc.integer({ min: -20, max: 20 }), (digits, shift) => {
        const scaled = shift >= 0 ? `${digits}${'0'.repeat(shift)}` : `${digits}e${shift}`;
        const viaExponent = `${digits}.000e${shift}`;
        expect(decimalKey(parseDecimal(scaled)!)).toBe(decimalKey(parseDecimal(viaExponent)!));
      }),
    );
  });
});

describe('numberText', () => {
  it('accepts a double exactly when DynamoDB accepts its shortest form, and keeps its value', () => {
    fc.assert(
      fc.property(fc.double(), (double) => {
        const dynamoAccepts = Number.isFinite(double) && !refuses(() => readDecimal(String(double)));
        if (!dynamoAccepts) {
          expect(refuses(() => numberText(double))).toBe(true);
          return;
        }
        const text = numberText(double);
        expect(text).toBe(String(double));
        expect(Number(text)).toBe(double === 0 ? 0 : double);
      }),
      { numRuns: 5000 },
    );
  });

  it('draws the range line where DynamoDB does, on doubles at the edges', () => {
    const edges = [1e-130, 9.999999999999999e-131, 1.0000000000000001e-130, 9.999999999999998e125, 1e126, 5e-324, Number.MAX_VALUE];
    for (const edge of edges) {
      for (const double of [edge, -edge]) {
        expect(refuses(() => numberText(double))).toBe(refuses(() => readDecimal(String(double))));
      }
    }
  });
});

describe('nativeNumber', () => {
  it('returns a value numerically equal to the wire text, of the documented kind', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        if (refuses(() => readDecimal(text))) {
          expect(refuses(() => nativeNumber(text, false))).toBe(true);
          return;
        }
        const wire = readDecimal(text);
        const native = nativeNumber(text, false);
        expect(sameDecimal(decimalOf(native), wire)).toBe(true);
        const exact = exactDouble(text, wire);
        if (exact !== undefined) expect(native).toBe(exact);
        else if (wire.exponent >= wire.digits.length - 1) expect(typeof native).toBe('bigint');
        else expect(native).toEqual(new NumberValue(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the quick path only where it gives the same answer as the careful one', () => {
    const quickText = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,15}$/), fc.nat({ max: 15 }))
      .map(([negative, digits, point]) => `${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`.replace(/\.$/, ''));
    fc.assert(
      fc.property(quickText, (text) => {
        const careful = exactDouble(text, readDecimal(text));
        expect(careful).toBeDefined();
        expect(nativeNumber(text, false)).toBe(careful);
      }),
      { numRuns: 20_000 },
    );
  });
});
