import { TimeoutError as RxTimeoutError, firstValueFrom, NEVER, timeout } from 'rxjs';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { DynamoDBTimeoutError } from '../../src/index.js';

describe("the client's timeout error", () => {
  it('is named apart from RxJS TimeoutError, so both import side by side', async () => {
    expect(Object.keys(api)).not.toContain('TimeoutError');
    const ours = new DynamoDBTimeoutError(100, { action: 'GetItem' });
    expect(ours).toMatchObject({ name: 'DynamoDBTimeoutError', code: 'DynamoDBTimeoutError', retryable: true, action: 'GetItem' });
    const theirs = await firstValueFrom(NEVER.pipe(timeout({ first: 1 }))).catch((e: unknown) => e);
    expect(theirs).toBeInstanceOf(RxTimeoutError);
    expect(theirs).not.toBeInstanceOf(DynamoDBTimeoutError);
    expect(api.DynamoDBError.isDynamoDBError(theirs)).toBe(false);
    expect((theirs as Error).name).not.toBe(ours.name);
  });

  it('starts its message with the action, when it has one, as every error of a call does', () => {
    expect(new DynamoDBTimeoutError(100, { action: 'GetItem' }).message).toBe('GetItem: no response within timeoutMs (100 ms); the attempt was aborted');
    expect(new DynamoDBTimeoutError(100).message).toBe('no response within timeoutMs (100 ms); the attempt was aborted');
  });
});
