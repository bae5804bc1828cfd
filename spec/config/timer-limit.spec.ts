import { firstValueFrom, isObservable, NEVER } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromProcess } from '../../src/config/credentials/from-process.js';
import { resolveConfig, type DynamoDBOptions } from '../../src/config/options.js';
import { backoffDelay, RETRY_DEFAULTS } from '../../src/retry/backoff.js';
import { ConfigError, DynamoDBTimeoutError, InvalidParameterError, NoCredentialsError } from '../../src/errors/client-errors.js';
import { FakeDynamoDB, itemResponse, okResponse, TEST_CREDENTIALS, throttledResponse } from '../../src/testing/index.js';
import { MAX_TIMER_MS } from '../../src/util/max-timer.js';

// Options that become timer delays stop at 2^31-1 ms: Node fires a longer setTimeout/setInterval (RxJS's asyncScheduler) after 1 ms.

const OVER = MAX_TIMER_MS + 1;
const base = { env: {}, credentials: TEST_CREDENTIALS };

describe('client options that become timer delays are refused above 2^31-1 ms, naming the option', () => {
  const cases: [string, DynamoDBOptions, RegExp][] = [
    ['timeoutMs', { timeoutMs: OVER }, /option timeoutMs=2147483648: must be at most 2147483647 ms/],
    ['timeoutMs meant as "very long"', { timeoutMs: 1e10 }, /option timeoutMs=10000000000: must be at most 2147483647 ms/],
    ['credentialsTimeoutMs', { credentialsTimeoutMs: OVER }, /option credentialsTimeoutMs=2147483648: must be at most 2147483647 ms/],
    ['retry.baseDelayMs', { retry: { baseDelayMs: OVER } }, /option retry.baseDelayMs must be at most 2147483647 ms/],
    ['retry.throttlingBaseDelayMs', { retry: { throttlingBaseDelayMs: OVER } }, /option retry.throttlingBaseDelayMs must be at most 2147483647 ms/],
    ['retry.maxDelayMs', { retry: { maxDelayMs: OVER } }, /option retry.maxDelayMs must be at most 2147483647 ms/],
    ['autoBatchGets.windowMs', { autoBatchGets: { windowMs: 3e9 } }, /option autoBatchGets.windowMs must be at most 2147483647 ms .*, got 3000000000/],
  ];
  it.each(cases)('%s', (_name, options, message) => {
    const call = () => resolveConfig({ ...base, ...options });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(message);
  });

  it('takes each at exactly 2^31-1 ms', () => {
    const config = resolveConfig({
      ...base,
      timeoutMs: MAX_TIMER_MS,
      credentialsTimeoutMs: MAX_TIMER_MS,
      retry: { baseDelayMs: MAX_TIMER_MS, throttlingBaseDelayMs: MAX_TIMER_MS, maxDelayMs: MAX_TIMER_MS },
      autoBatchGets: { windowMs: MAX_TIMER_MS },
    });
    expect([config.timeoutMs, config.credentialsTimeoutMs, config.retry.baseDelayMs, config.retry.throttlingBaseDelayMs, config.retry.maxDelayMs, config.autoBatchGets?.windowMs]).toEqual(
      Array(6).fill(MAX_TIMER_MS),
    );
  });
});

describe('call options that become timer delays are refused above 2^31-1 ms with an InvalidParameterError naming them', () => {
  const db = new FakeDynamoDB().client();
  const cases: [string, () => unknown, string][] = [
    ['changes pollIntervalMs', () => db.changes('Orders', { pollIntervalMs: OVER }), 'options.pollIntervalMs'],
    ['changesPaced pollIntervalMs', () => db.changesPaced('Orders', { pollIntervalMs: OVER }, () => Promise.resolve()), 'options.pollIntervalMs'],
    ['changes lease.leaseDurationMs', () => db.changes('Orders', { lease: { table: 'Leases', leaseDurationMs: OVER } }), 'options.lease.leaseDurationMs'],
    ['scan lease.leaseDurationMs', () => db.scan('Users', { segments: 2, lease: { table: 'Leases', scanId: 'nightly', leaseDurationMs: OVER } }), 'options.lease.leaseDurationMs'],
    ['waitForTable timeoutMs', () => db.waitForTable('Orders', { status: 'ACTIVE', timeoutMs: OVER }), 'options.timeoutMs'],
    ['waitForTable delayMs', () => db.waitForTable('Orders', { status: 'ACTIVE', delayMs: OVER }), 'options.delayMs'],
    ['waitForTable maxDelayMs', () => db.waitForTable('Orders', { status: 'ACTIVE', maxDelayMs: OVER }), 'options.maxDelayMs'],
    ['fromProcess timeoutMs', () => fromProcess({ command: 'never-run', timeoutMs: OVER }), 'options.timeoutMs'],
  ];
  it.each(cases)('%s', async (_name, call, parameter) => {
    const error = await errorOf(call);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ parameter });
    expect((error as Error).message).toMatch(/2147483647/);
  });
});

describe('a computed delay past 2^31-1 ms is cut to it where it becomes a timer', () => {
  it('a backoff whose random source goes past 1 (a caller’s own) waits 2^31-1 ms, not 1 ms', () => {
    const retry = { ...RETRY_DEFAULTS, baseDelayMs: MAX_TIMER_MS, maxDelayMs: MAX_TIMER_MS, random: () => 2 };
    expect(backoffDelay(1, false, retry)).toBe(MAX_TIMER_MS);
    expect(backoffDelay(1, false, { ...retry, random: () => 0.5 })).toBe(MAX_TIMER_MS / 2);
  });
});

/** What `call` throws, or its Observable fails with. */
async function errorOf(call: () => unknown): Promise<unknown> {
  try {
    const result = call();
    if (isObservable(result)) await firstValueFrom(result);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('a delay of exactly 2^31-1 ms waits that long on real timers (faked, with Node’s overflow rule), not 1 ms', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the faked timers fire a delay past 2^31-1 ms after 1 ms, as Node does: the rule the cases below would break on', () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    setTimeout(fired, OVER);
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledOnce();
  });

  const cases: [string, DynamoDBOptions, (fake: FakeDynamoDB) => void, (fake: FakeDynamoDB, outcome: Outcome) => boolean][] = [
    ['timeoutMs: an attempt no one answers times out then', { timeoutMs: MAX_TIMER_MS, maxRetries: 0 }, () => undefined, (_fake, outcome) => outcome.error instanceof DynamoDBTimeoutError],
    [
      'credentialsTimeoutMs: a credential source that never answers fails the call then',
      { credentialsTimeoutMs: MAX_TIMER_MS, credentials: () => NEVER },
      () => undefined,
      (_fake, outcome) => outcome.error instanceof NoCredentialsError,
    ],
    [
      'retry.maxDelayMs: a throttled attempt is retried then (jitter pinned to its maximum)',
      { retry: { throttlingBaseDelayMs: MAX_TIMER_MS, maxDelayMs: MAX_TIMER_MS }, maxRetries: 1 },
      (fake) => void fake.when('GetItem', () => (fake.calls.length === 1 ? throttledResponse() : itemResponse({ pk: 'u1' }))),
      (fake) => fake.calls.length === 2,
    ],
    [
      'autoBatchGets.windowMs: a batch is sent then',
      { autoBatchGets: { windowMs: MAX_TIMER_MS } },
      (fake) => void fake.when('DescribeTable', () => USERS),
      (fake) => fake.calls.some((call) => call.action === 'BatchGetItem'),
    ],
  ];
  it.each(cases)('%s', (_name, options, answer, due) => {
    vi.useFakeTimers();
    const fake = new FakeDynamoDB();
    answer(fake);
    const outcome: Outcome = {};
    const call = fake
      .client(options)
      .getItem('Users', { pk: 'u1' })
      .subscribe({ error: (error: unknown) => (outcome.error = error) });
    vi.advanceTimersByTime(MAX_TIMER_MS - 1);
    expect(due(fake, outcome)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(due(fake, outcome)).toBe(true);
    call.unsubscribe();
  });
});

interface Outcome {
  error?: unknown;
}

const USERS = okResponse({
  Table: { TableName: 'Users', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] },
});
