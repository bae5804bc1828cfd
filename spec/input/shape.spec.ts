import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import { flag, listOf, literal, safeInteger, text } from '../../src/input/reader.js';
import { optional, required, shape } from '../../src/input/shape.js';
import { anyObject } from '../../src/input/validate.js';

interface Point {
  readonly x: number;
  readonly label?: string;
  readonly kind?: 'a' | 'b';
}
interface Path {
  readonly closed: boolean;
  readonly points: readonly Point[];
}

const readPath = shape<Path>({
  closed: required(flag),
  points: required(listOf(shape<Point>({ x: required(safeInteger), label: optional(text), kind: optional(literal<'a' | 'b'>({ a: true, b: true })) }))),
});

/** The InvalidParameterError that reading `value` throws. */
function refusal(value: unknown): InvalidParameterError {
  try {
    readPath(value, 'path');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidParameterError);
    return error as InvalidParameterError;
  }
  throw new Error('expected a refusal');
}

describe('shape', () => {
  it('returns a fresh copy holding only the fields read, without those left undefined', () => {
    const point = { x: 1, label: undefined, kind: 'a' as const };
    const value = { closed: false, points: [point] };
    const read = readPath(value, 'path');
    expect(read).toEqual({ closed: false, points: [{ x: 1, kind: 'a' }] });
    expect(Object.keys(read.points[0]!)).toEqual(['x', 'kind']);
    expect(read).not.toBe(value);
    expect(read.points).not.toBe(value.points);
    expect(read.points[0]).not.toBe(point);
  });

  it('accepts an object without a prototype', () => {
    const value = Object.assign(Object.create(null) as object, { closed: true, points: [] });
    expect(readPath(value, 'path')).toEqual({ closed: true, points: [] });
  });

  it('refuses an unknown field naming its path and the allowed names, at any depth', () => {
    expect(refusal({ closed: true, points: [], close: true })).toMatchObject({ parameter: 'path.close', message: 'path.close: unknown field; allowed: closed, points' });
    expect(refusal({ closed: true, points: [{ x: 1 }, { x: 2, lable: 'two' }] })).toMatchObject({
      parameter: 'path.points[1].lable',
      message: 'path.points[1].lable: unknown field; allowed: x, label, kind',
    });
  });

  it('refuses an unknown field even when it is undefined: its name is the mistake', () => {
    expect(refusal({ closed: true, points: [], close: undefined }).parameter).toBe('path.close');
  });

  // Each of Object.prototype's names is unknown like any other: never looked up as a field.
  it.each(Object.getOwnPropertyNames(Object.prototype))('refuses "%s", a name of Object.prototype, as unknown', (name) => {
    const top = JSON.parse(`{"closed":true,"points":[],${JSON.stringify(name)}:"x"}`) as unknown;
    expect(refusal(top)).toMatchObject({ parameter: `path.${name}`, message: expect.stringContaining('unknown field; allowed: closed, points') });
    const nested = JSON.parse(`{"closed":true,"points":[{"x":1,${JSON.stringify(name)}:{}}]}`) as unknown;
    expect(refusal(nested).parameter).toBe(`path.points[0].${name}`);
  });

  it('refuses a missing required field, naming it', () => {
    expect(refusal({ points: [] })).toMatchObject({ parameter: 'path.closed', message: 'path.closed: must be true or false, got undefined' });
    expect(refusal({ closed: true, points: [{ label: 'no x' }] })).toMatchObject({ parameter: 'path.points[0].x', message: expect.stringMatching(/must be an integer, got undefined/) });
  });

  it.each([
    ['an array for an object', [], 'path', /must be an object, got an array/],
    ['a class instance for an object', new (class Path {})(), 'path', /must be a plain object, got a Path/],
    ['null for an object', { closed: true, points: [null] }, 'path.points[0]', /must be an object, got null/],
    ['an object for an array', { closed: true, points: {} }, 'path.points', /must be an array, got an object/],
    ['a hole in an array', { closed: true, points: [, { x: 1 }] }, 'path.points[0]', /must be an object, got undefined/],
    ['a string for an integer', { closed: true, points: [{ x: '1' }] }, 'path.points[0].x', /must be an integer, got a string/],
    ['a fraction for an integer', { closed: true, points: [{ x: 1.5 }] }, 'path.points[0].x', /must be an integer, got 1.5/],
    ['an unsafe integer', { closed: true, points: [{ x: 2 ** 53 }] }, 'path.points[0].x', /must be an integer, got 9007199254740992/],
    ['a string for a boolean', { closed: 'yes', points: [] }, 'path.closed', /must be true or false, got a string/],
    ['a number for a string', { closed: true, points: [{ x: 1, label: 7 }] }, 'path.points[0].label', /must be a string, got a number/],
    ['a string outside the union', { closed: true, points: [{ x: 1, kind: 'c' }] }, 'path.points[0].kind', /must be one of a, b, got "c"/],
    ['a prototype name as a union member', { closed: true, points: [{ x: 1, kind: 'toString' }] }, 'path.points[0].kind', /must be one of a, b/],
  ])('refuses %s', (_, value, parameter, message) => {
    const error = refusal(value);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toMatch(message);
  });
});

describe('shape with inherited (client options given as a class instance)', () => {
  const readPoint = shape<Omit<Point, 'kind'>>({ x: required(safeInteger), label: optional(text) }, { object: anyObject, inherited: true });

  it('reads getters and prototype fields by property access, own fields still checked', () => {
    class Labelled {
      x = 1;
      get label(): string {
        return 'getter';
      }
      unrelated(): number {
        return 0;
      }
    }
    expect(readPoint(new Labelled(), 'point')).toEqual({ x: 1, label: 'getter' });
    expect(readPoint(Object.create({ x: 2, label: 'proto' }), 'point')).toEqual({ x: 2, label: 'proto' });
    expect(() => readPoint(Object.assign(new Labelled(), { y: 1 }), 'point')).toThrow('point.y: unknown field; allowed: x, label');
  });

  it('never reads a name from Object.prototype, even a polluted one', () => {
    Object.defineProperty(Object.prototype, 'label', { value: 'polluted', configurable: true, writable: true });
    try {
      expect(Object.hasOwn(readPoint(new (class { x = 1; })(), 'point'), 'label')).toBe(false);
      expect(Object.hasOwn(readPoint({ x: 1 }, 'point'), 'label')).toBe(false);
    } finally {
      delete (Object.prototype as { label?: unknown }).label;
    }
  });
});
