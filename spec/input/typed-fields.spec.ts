import { describe, expect, expectTypeOf, it } from 'vitest';
import { flag, integer, literal, text, type Converter, type Reader } from '../../src/input/reader.js';
import { optional, required, shape, wireOptions, type Fields } from '../../src/input/shape.js';
import type { ReturnConsumedCapacity } from '../../src/operations/types.js';

// Option bags and shapes are typed against their interface: each `@ts-expect-error` below is a spec
// that must not compile (`npm run typecheck` fails if it does), so an option and its checks cannot drift.

interface Sample {
  mode?: 'A' | 'B';
  count?: number;
  name: string;
}

const mode = optional(literal({ A: true, B: true }));

describe('typed fields', () => {
  it('a spec with each field of the interface, of its type, compiles and reads', () => {
    const read = wireOptions<Sample>({ mode, count: optional(integer(0, 9)), name: required(text) });
    expect(read({ name: 'n', mode: 'B' }, 'options')).toEqual({ Name: 'n', Mode: 'B' });
    const readShape = shape<Sample>({ mode, count: optional(integer(0, 9)), name: required(text) });
    expectTypeOf(readShape).toEqualTypeOf<Reader<Sample>>();
    expect(readShape({ name: 'n', count: 3 }, 'sample')).toEqual({ name: 'n', count: 3 });
  });

  it('a field missing, a field more, or a field of another type does not compile', () => {
    // @ts-expect-error: `name` is missing
    const missing: Fields<Sample> = { mode, count: optional(integer(0, 9)) };
    // @ts-expect-error: `size` is not an option of Sample
    const extra: Fields<Sample> = { mode, count: optional(integer(0, 9)), name: required(text), size: optional(integer(0, 9)) };
    // @ts-expect-error: `count` is a number, not a boolean
    const wrongType: Fields<Sample> = { mode, count: optional(flag), name: required(text) };
    // @ts-expect-error: `name` is required in Sample
    const notRequired: Fields<Sample> = { mode, count: optional(integer(0, 9)), name: optional(text) };
    // @ts-expect-error: `count` is optional in Sample
    const notOptional: Fields<Sample> = { mode, count: required(integer(0, 9)), name: required(text) };
    expect([missing, extra, wrongType, notRequired, notOptional]).toHaveLength(5);
  });

  it('a literal union listed with a member more or less, or read as any string, does not compile', () => {
    // @ts-expect-error: B is missing
    const fewer: Fields<Sample> = { mode: optional(literal({ A: true })), count: optional(integer(0, 9)), name: required(text) };
    // @ts-expect-error: C is not a mode
    const more: Fields<Sample> = { mode: optional(literal({ A: true, B: true, C: true })), count: optional(integer(0, 9)), name: required(text) };
    // @ts-expect-error: any string is not a mode
    const anyString: Fields<Sample> = { mode: optional(text), count: optional(integer(0, 9)), name: required(text) };
    // @ts-expect-error: a public union listed without one of its members
    const capacity: Reader<ReturnConsumedCapacity> = literal<ReturnConsumedCapacity>({ INDEXES: true, TOTAL: true });
    expect([fewer, more, anyString, capacity]).toHaveLength(4);
  });

  it('an optional field that says `| undefined` takes the converter of its type, with the same guarantees', () => {
    interface Loose {
      mode?: 'A' | 'B' | undefined;
      count?: number | undefined;
      name: string;
    }
    const read = shape<Loose>({ mode, count: optional(integer(0, 9)), name: required(text) });
    expectTypeOf(read).toEqualTypeOf<Reader<Loose>>();
    expect(read({ name: 'n', mode: undefined, count: 3 }, 'loose')).toEqual({ name: 'n', count: 3 });
    // @ts-expect-error: `count` is missing
    const missing: Fields<Loose> = { mode, name: required(text) };
    // @ts-expect-error: `size` is not a field of Loose
    const extra: Fields<Loose> = { mode, count: optional(integer(0, 9)), name: required(text), size: optional(integer(0, 9)) };
    // @ts-expect-error: `count` is a number, not a boolean
    const wrongType: Fields<Loose> = { mode, count: optional(flag), name: required(text) };
    // @ts-expect-error: `count` is optional in Loose
    const notOptional: Fields<Loose> = { mode, count: required(integer(0, 9)), name: required(text) };
    // @ts-expect-error: C is not a mode
    const more: Fields<Loose> = { mode: optional(literal({ A: true, B: true, C: true })), count: optional(integer(0, 9)), name: required(text) };
    expect([missing, extra, wrongType, notOptional, more]).toHaveLength(5);
  });

  it('a converter ties its declared type exactly: neither wider nor narrower', () => {
    expectTypeOf<Converter<'A' | 'B'>>().not.toExtend<Converter<string>>();
    expectTypeOf<Converter<string>>().not.toExtend<Converter<'A' | 'B'>>();
    expectTypeOf<Converter<'A' | 'B'>>().toExtend<Converter<'B' | 'A'>>();
  });
});
