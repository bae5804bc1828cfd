import { Buffer } from 'node:buffer';
import { NumberValue } from '../../src/marshall/index.js';

/**
 * An independent statement of what marshall must accept and what unmarshall must then return: `expected`
 * throws `Invalid` for input DynamoDB cannot store exactly, else returns the native value that a round trip
 * gives back (the documented normalisations: -0 to 0, undefined properties dropped, binary as plain
 * Uint8Array, numbers as number/bigint/NumberValue by exactness).
 */
export class Invalid extends Error {}

const MAX_DEPTH = 32;

/** Significant digits and exponent of a decimal, from plain regex work (not the module's parser). */
function decimalParts(text: string): { digits: string; exponent: number; negative: boolean } {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || `${match[2]}${match[3] ?? ''}` === '') throw new Invalid(`not a number: ${text}`);
  const whole = match[2] ?? '';
  const all = whole + (match[3] ?? '');
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.replace(/^0+/, '').replace(/0+$/, '');
  if (digits === '') return { digits: '', exponent: 0, negative: false };
  return { digits, exponent: Number(match[4] ?? 0) + whole.length - lead - 1, negative: match[1] === '-' };
}

function checkDecimal(text: string): { digits: string; exponent: number; negative: boolean } {
  const parts = decimalParts(text);
  if (parts.digits.length > 38) throw new Invalid('more than 38 digits');
  if (parts.digits !== '' && (parts.exponent > 125 || parts.exponent < -130)) throw new Invalid('out of range');
  return parts;
}

/** The exact integer a decimal stands for, or undefined when it has a fraction. */
function integerOf(text: string): bigint | undefined {
  const { digits, exponent, negative } = decimalParts(text);
  if (digits === '') return 0n;
  const zeros = exponent - digits.length + 1;
  if (zeros < 0) return undefined;
  const magnitude = BigInt(digits) * 10n ** BigInt(zeros);
  return negative ? -magnitude : magnitude;
}

/** What unmarshall returns for wire number text, by the documented rule. */
export function expectedNumber(text: string): number | bigint | NumberValue {
  const wire = checkDecimal(text);
  const double = Number(text);
  const shortest = decimalParts(String(double));
  if (shortest.digits === wire.digits && (wire.digits === '' || (shortest.exponent === wire.exponent && shortest.negative === wire.negative))) {
    return double === 0 ? 0 : double;
  }
  return integerOf(text) ?? new NumberValue(text);
}

/** Wire text of a native number, validated independently. */
function numberWire(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Invalid('not finite');
    const text = String(value);
    checkDecimal(value.toExponential());
    return text;
  }
  if (typeof value === 'bigint') {
    checkDecimal(value.toString());
    return value.toString();
  }
  if (NumberValue.isNumberValue(value)) {
    checkDecimal(value.value);
    return value.value;
  }
  throw new Invalid('not a number');
}

function wellFormed(text: string): string {
  if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) throw new Invalid('lone surrogate');
  return text;
}

function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  return undefined;
}

function expectedSet(set: Set<unknown>): Set<unknown> {
  if (set.size === 0) throw new Invalid('empty set');
  const elements = [...set];
  const out = new Set<unknown>();
  const seen = new Set<string>();
  const add = (key: string, value: unknown) => {
    if (seen.has(key)) throw new Invalid('duplicate');
    seen.add(key);
    out.add(value);
  };
  if (elements.every((e) => typeof e === 'string')) for (const e of elements) add(e, wellFormed(e as string));
  else if (elements.every((e) => typeof e === 'number' || typeof e === 'bigint' || NumberValue.isNumberValue(e))) {
    for (const e of elements) {
      const text = numberWire(e);
      const { digits, exponent, negative } = decimalParts(text);
      add(digits === '' ? '0' : `${negative ? '-' : ''}${digits}e${exponent}`, expectedNumber(text));
    }
  } else if (elements.every((e) => bytesOf(e) !== undefined)) {
    for (const e of elements) {
      const bytes = bytesOf(e)!;
      add(Buffer.from(bytes).toString('base64'), bytes);
    }
  } else throw new Invalid('mixed or unsupported set');
  return out;
}

/** The native value a marshall/unmarshall round trip of `value` (at nesting `depth`, item = 1) gives. */
export function expected(value: unknown, depth = 1): unknown {
  switch (typeof value) {
    case 'string':
      return wellFormed(value);
    case 'number':
    case 'bigint':
      return expectedNumber(numberWire(value));
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return null;
      if (NumberValue.isNumberValue(value)) return expectedNumber(numberWire(value));
      const bytes = bytesOf(value);
      if (bytes) return bytes;
      if (value instanceof Set) return expectedSet(value);
      if (Array.isArray(value)) {
        if (depth >= MAX_DEPTH) throw new Invalid('too deep');
        return Array.from({ length: value.length }, (_, i) => {
          if (!(i in value) || value[i] === undefined) throw new Invalid('undefined or hole in a list');
          return expected(value[i], depth + 1);
        });
      }
      if (!isPlain(value)) throw new Invalid('not a plain object');
      if (depth >= MAX_DEPTH) throw new Invalid('too deep');
      return expectedItem(value, depth + 1);
    }
    default:
      throw new Invalid(`${typeof value}`);
  }
}

/** The native item a round trip of the plain object `item` gives. */
export function expectedItem(item: object, depth = 1): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(item)) {
    const value = (item as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (name === '') throw new Invalid('empty name');
    Object.defineProperty(out, wellFormed(name), { value: expected(value, depth), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
