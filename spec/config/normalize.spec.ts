import { firstValueFrom, NEVER, Observable, of, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, NoCredentialsError, NoProfileError } from '../../src/errors/client-errors.js';
import { toCredentialSource } from '../../src/config/credentials/normalize.js';
import type { Credentials } from '../../src/config/credentials/types.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { isolatedEnv } from './support/files.js';
import { errorOf } from './support/observe.js';

const STATIC: Credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };

describe('toCredentialSource', () => {
  it('emits static credentials synchronously, keeping only the credential fields', () => {
    const withExtras = { ...STATIC, sessionToken: '', accountId: '123', credentialScope: 'x' } as Credentials;
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(toCredentialSource(withExtras)).toBe('(a|)', { a: STATIC });
    });
  });

  it('refuses bad static credentials at once with a ConfigError naming the field', () => {
    expect(() => toCredentialSource({ accessKeyId: 'AKID', secretAccessKey: '' })).toThrow(
      new ConfigError('credentials: secretAccessKey is missing'),
    );
    expect(() => toCredentialSource({ accessKeyId: 42, secretAccessKey: 's' } as never)).toThrow(
      'credentials: accessKeyId must be a string, not a number',
    );
    expect(() => toCredentialSource({ ...STATIC, expiration: new Date('nope') })).toThrow(
      'credentials: expiration must be a valid Date, not an invalid Date',
    );
    expect(() => toCredentialSource('AKID:secret' as never)).toThrow('credentials: must be an object, not a string');
  });

  it('calls a provider on each subscription and accepts a value, a Promise or an Observable', async () => {
    let calls = 0;
    const source = toCredentialSource(() => ({ ...STATIC, accessKeyId: `call-${++calls}` }));
    expect(calls).toBe(0);
    expect((await firstValueFrom(source)).accessKeyId).toBe('call-1');
    expect((await firstValueFrom(source)).accessKeyId).toBe('call-2');
    expect(await firstValueFrom(toCredentialSource(async () => STATIC))).toEqual(STATIC);
    const expiration = new Date('2030-01-01T00:00:00Z');
    expect(await firstValueFrom(toCredentialSource(() => Promise.resolve({ ...STATIC, sessionToken: 't', expiration })))).toEqual({
      ...STATIC,
      sessionToken: 't',
      expiration,
    });
  });

  it("takes an Observable provider's first value and then unsubscribes from it", () => {
    marbleScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const provided = cold('--a--b|', { a: STATIC, b: { ...STATIC, accessKeyId: 'second' } });
      expectObservable(toCredentialSource(() => provided)).toBe('--(a|)', { a: STATIC });
      expectSubscriptions(provided.subscriptions).toBe('^-!');
    });
  });

  it("fails with ConfigError on a provider's bad value", async () => {
    const error = await errorOf(toCredentialSource(() => ({ accessKeyId: 'AKID' }) as Credentials));
    expect(error).toEqual(new ConfigError("the credentials provider's value: secretAccessKey is missing"));
  });

  it('fails with a ConfigError (cause kept) when reading a field of the credentials or of a provider\'s value throws', async () => {
    const broken = new Error('getter broke');
    const throwing = { secretAccessKey: 's', get accessKeyId(): string { throw broken; } } as unknown as Credentials;
    expect(() => toCredentialSource(throwing)).toThrow(new ConfigError('credentials: reading its fields failed; see cause'));
    const error = await errorOf(toCredentialSource(() => throwing));
    expect(error).toEqual(new ConfigError("the credentials provider's value: reading its fields failed; see cause"));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.cause).toBe(broken);
  });

  it('wraps a failing provider in NoCredentialsError, passing rx-dynamodb errors unchanged', async () => {
    const failure = new Error('expired SSO session');
    for (const provider of [() => { throw failure; }, () => Promise.reject(failure), () => throwError(() => failure)]) {
      const error = await errorOf(toCredentialSource(provider));
      expect(error).toBeInstanceOf(NoCredentialsError);
      expect(error.cause).toBe(failure);
    }
    const own = new NoProfileError('p', 'no such profile');
    expect(await errorOf(toCredentialSource(() => throwError(() => own)))).toBe(own);
  });

  it('fails with NoCredentialsError when an Observable provider completes empty', async () => {
    expect((await errorOf(toCredentialSource(() => new Observable<Credentials>((s) => s.complete())))).message).toBe(
      'the credentials provider completed without a value',
    );
  });

  it('leaves a provider that never answers pending (the caller decides on timeouts)', () => {
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(toCredentialSource(() => NEVER)).toBe('-');
    });
  });

  it('uses the default chain with the options when given undefined', () => {
    const env = isolatedEnv({ credentials: '[p]\naws_access_key_id = P\naws_secret_access_key = s\n' });
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(toCredentialSource(undefined, { profile: 'p', env })).toBe('(a|)', {
        a: { accessKeyId: 'P', secretAccessKey: 's' },
      });
      expectObservable(toCredentialSource(() => of(STATIC))).toBe('(a|)', { a: STATIC });
    });
  });
});
