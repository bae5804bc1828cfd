import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AutoBatchGetsOptions, DynamoDBOptions } from '../../src/index.js';
import { resolveConfig } from '../../src/config/options.js';
import { ConfigError } from '../../src/errors/client-errors.js';

const base = { env: {}, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } };

describe('the autoBatchGets option', () => {
  it('is off unless asked for; true takes the defaults (one tick, 100 keys); the object form overrides either', () => {
    expect(resolveConfig(base).autoBatchGets).toBeUndefined();
    expect(resolveConfig({ ...base, autoBatchGets: false }).autoBatchGets).toBeUndefined();
    expect(resolveConfig({ ...base, autoBatchGets: undefined }).autoBatchGets).toBeUndefined();
    expect(resolveConfig({ ...base, autoBatchGets: true }).autoBatchGets).toEqual({ windowMs: 0, maxKeys: 100 });
    expect(resolveConfig({ ...base, autoBatchGets: {} }).autoBatchGets).toEqual({ windowMs: 0, maxKeys: 100 });
    expect(resolveConfig({ ...base, autoBatchGets: { windowMs: 2.5 } }).autoBatchGets).toEqual({ windowMs: 2.5, maxKeys: 100 });
    expect(resolveConfig({ ...base, autoBatchGets: { maxKeys: 25, windowMs: undefined } }).autoBatchGets).toEqual({ windowMs: 0, maxKeys: 25 });
  });

  it('is typed as a flag or the options object, each field optional, a misspelled field a compile error', () => {
    expectTypeOf<DynamoDBOptions['autoBatchGets']>().toEqualTypeOf<boolean | AutoBatchGetsOptions | undefined>();
    expectTypeOf<AutoBatchGetsOptions>().toEqualTypeOf<{ windowMs?: number | undefined; maxKeys?: number | undefined }>();
    // @ts-expect-error `window` is not an option of autoBatchGets
    const misspelled: DynamoDBOptions = { autoBatchGets: { window: 5 } };
    expect(() => resolveConfig({ ...base, ...misspelled })).toThrow(ConfigError);
  });

  it('is not read from the environment: the code that depends on it decides', () => {
    expect(resolveConfig({ ...base, env: { DYNAMODB_AUTO_BATCH_GETS: 'true', AUTO_BATCH_GETS: 'true' } }).autoBatchGets).toBeUndefined();
  });

  const refused: [string, unknown, RegExp][] = [
    ['a string', 'yes', /option autoBatchGets must be true, false or \{ windowMs\?, maxKeys\? \}, got a string/],
    ['null', null, /option autoBatchGets must be true, false or \{ windowMs\?, maxKeys\? \}, got null/],
    ['maxKeys over 100', { maxKeys: 101 }, /option autoBatchGets.maxKeys must be an integer from 1 to 100, got 101/],
    ['maxKeys of 0', { maxKeys: 0 }, /option autoBatchGets.maxKeys must be an integer from 1 to 100, got 0/],
    ['maxKeys fractional', { maxKeys: 2.5 }, /option autoBatchGets.maxKeys must be an integer from 1 to 100, got 2.5/],
    ['windowMs negative', { windowMs: -1 }, /option autoBatchGets.windowMs must be a number >= 0, got -1/],
    ['windowMs infinite', { windowMs: Infinity }, /option autoBatchGets.windowMs must be a number >= 0, got Infinity/],
    ['an unknown name', { window: 5 }, /unknown autoBatchGets option "window"; allowed: windowMs, maxKeys/],
  ];
  for (const [name, value, message] of refused) {
    it(`refuses ${name} with a ConfigError naming it`, () => {
      const call = () => resolveConfig({ ...base, autoBatchGets: value as never });
      expect(call).toThrow(ConfigError);
      expect(call).toThrow(message);
    });
  }
});
