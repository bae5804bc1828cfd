import { quote, Refusal } from './path.js';

/** DynamoDB keeps at most this many significant digits in a number. */
const MAX_DIGITS = 38;
/** Power of ten of the first significant digit of the largest DynamoDB number (9.99…E+125). */
const MAX_EXPONENT = 125;
/** Power of ten of the smallest nonzero DynamoDB magnitude (1E-130). */
const MIN_EXPONENT = -130;

/**
 * A decimal number taken apart: ±d.ddd × 10^exponent, where d.ddd are `digits`.
 *
 * @internal
 */
export interface Decimal {
  readonly negative: boolean;
  /** Significant digits, no leading or trailing zeros; `''` for zero. */
  readonly digits: string;
  /** Power of ten of the first significant digit (`exponent` of d.ddd × 10^exponent); 0 for zero. */
  readonly exponent: number;
}

const ZERO: Decimal = { negative: false, digits: '', exponent: 0 };
const C_0 = 48;
const C_9 = 57;
const C_DOT = 46;
const C_MINUS = 45;
const C_PLUS = 43;
const C_E = 69;
const C_e = 101;
/** Exponents are clamped here while reading: far beyond DynamoDB's range, far inside safe integers. */
const EXPONENT_CLAMP = 1e9;

function isDigit(code: number): boolean {
  return code >= C_0 && code <= C_9;
}

/**
 * Reads `text` in the syntax DynamoDB (and dynalite) accept: `-?(digits[.digits?] | .digits)([eE][+-]?digits)?`.
 * Returns undefined when it is not a number in that syntax (no `+` sign, spaces, `Infinity`, hex...). A
 * negative zero reads as zero.
 *
 * @internal
 */
export function parseDecimal(text: string): Decimal | undefined {
  const end = text.length;
  let i = text.charCodeAt(0) === C_MINUS ? 1 : 0;
  const negative = i === 1;
  const intStart = i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  const intEnd = i;
  let fracStart = i;
  if (text.charCodeAt(i) === C_DOT) {
    fracStart = ++i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
  }
  const fracEnd = i;
  if (intEnd === intStart && fracEnd === fracStart) return undefined;
  let exponent = 0;
  const marker = text.charCodeAt(i);
  if (marker === C_e || marker === C_E) {
    const sign = text.charCodeAt(++i);
    if (sign === C_MINUS || sign === C_PLUS) i++;
    const expStart = i;
    for (; i < end && isDigit(text.charCodeAt(i)); i++) {
      if (exponent < EXPONENT_CLAMP) exponent = exponent * 10 + text.charCodeAt(i) - C_0;
    }
    if (i === expStart) return undefined;
    if (sign === C_MINUS) exponent = -exponent;
  }
  if (i !== end) return undefined;
  const mantissa = fracStart === fracEnd ? text.slice(intStart, intEnd) : text.slice(intStart, intEnd) + text.slice(fracStart, fracEnd);
  let first = 0;
  while (mantissa.charCodeAt(first) === C_0) first++;
  if (first === mantissa.length) return ZERO;
  let last = mantissa.length;
  while (mantissa.charCodeAt(last - 1) === C_0) last--;
  return { negative, digits: mantissa.slice(first, last), exponent: exponent + (intEnd - intStart) - first - 1 };
}

/**
 * Reads `text` as a DynamoDB number: the syntax of {@link parseDecimal}, at most 38 significant digits, and a
 * magnitude of 0 or 1E-130 .. 9.99…E+125. Throws a {@link Refusal} that says which rule failed.
 *
 * @internal
 */
export function readDecimal(text: string): Decimal {
  const decimal = parseDecimal(text);
  if (decimal === undefined) {
    throw new Refusal(`"${quote(text)}" is not a decimal number; write digits with an optional leading '-', one '.' and an exponent (e.g. 42, -1.5, 1e+21)`);
  }
  if (decimal.digits.length > MAX_DIGITS) {
    throw new Refusal(`the number ${quote(text)} has ${decimal.digits.length} significant digits, DynamoDB keeps at most ${MAX_DIGITS}: round it, or store it as a string`);
  }
  if (decimal.digits !== '' && (decimal.exponent > MAX_EXPONENT || decimal.exponent < MIN_EXPONENT)) {
    throw new Refusal(`the number ${quote(text)} is out of DynamoDB's range (0, or 1E-130 to 9.99…E+125 in magnitude): scale it, or store it as a string`);
  }
  return decimal;
}

/** Whether two decimals are the same number (`1.10` and `1.1e0` are). @internal */
export function sameDecimal(a: Decimal, b: Decimal): boolean {
  return a.digits === b.digits && a.exponent === b.exponent && a.negative === b.negative;
}

/** One string per numeric value (`1`, `1.0`, `1e0` share one), to find duplicates in number sets. @internal */
export function decimalKey(decimal: Decimal): string {
  return `${decimal.negative ? '-' : ''}${decimal.digits}e${decimal.exponent}`;
}

/** Whether the decimal has no fractional part. @internal */
export function isInteger(decimal: Decimal): boolean {
  return decimal.exponent >= decimal.digits.length - 1;
}

/** The decimal as a bigint; only for {@link isInteger} decimals. @internal */
export function decimalToBigInt(decimal: Decimal): bigint {
  if (decimal.digits === '') return 0n;
  const magnitude = BigInt(decimal.digits + '0'.repeat(decimal.exponent - decimal.digits.length + 1));
  return decimal.negative ? -magnitude : magnitude;
}

/**
 * The number `text` (already read into `decimal`) as a JS number, or undefined when the nearest double is
 * another number: the double's shortest round-trip form must be the same decimal. A negative zero gives 0.
 *
 * @internal
 */
export function exactDouble(text: string, decimal: Decimal): number | undefined {
  const double = Number(text);
  if (double === 0) return 0;
  const shortest = parseDecimal(String(double));
  return shortest !== undefined && sameDecimal(shortest, decimal) ? double : undefined;
}

/**
 * A JS number as DynamoDB number text: the shortest exact form `String(n)` writes (`1e+21` included, which
 * DynamoDB accepts). `-0` gives `"0"`: DynamoDB has no negative zero. NaN, ±Infinity and magnitudes outside
 * 1E-130 .. 9.99…E+125 throw a {@link Refusal}.
 *
 * @internal
 */
export function numberText(value: number): string {
  const magnitude = value < 0 ? -value : value;
  // For a double x, x < double(1e126) iff its shortest form is below 1E+126 (likewise for 1e-130): 10^126 rounds
  // to double(1e126), so it is not in the rounding interval of any smaller double, and the shortest form is.
  if (magnitude < 1e126 && (magnitude >= 1e-130 || magnitude === 0)) return String(value);
  if (value !== value) throw new Refusal('NaN is not a number DynamoDB can store: store null, or omit the attribute');
  if (magnitude === Infinity) throw new Refusal(`${value} is not a number DynamoDB can store: store null or a string, or omit the attribute`);
  throw new Refusal(`the number ${value} is out of DynamoDB's range (0, or 1E-130 to 9.99…E+125 in magnitude): scale it, or store it as a string`);
}

/** A bigint as DynamoDB number text (its decimal digits); at most 38 significant digits, below 1E+126. @internal */
export function bigintText(value: bigint): string {
  const text = value.toString();
  if (text.length > MAX_DIGITS) readDecimal(text);
  return text;
}
