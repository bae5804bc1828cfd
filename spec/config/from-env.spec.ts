import { describe, expect, it } from 'vitest';
import { ConfigError, NoCredentialsError } from '../../src/errors/client-errors.js';
import { fromEnv } from '../../src/config/credentials/from-env.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { errorOf } from './support/observe.js';


describe('fromEnv', () => {
  it('emits the variables synchronously on subscribe', () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'AKID',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-02T03:04:05Z',
    };
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(fromEnv({ env: env })).toBe('(a|)', {
        a: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token', expiration: new Date('2030-01-02T03:04:05Z') },
      });
    });
  });

  it('leaves out an empty session token', () => {
    marbleScheduler().run(({ expectObservable }) => {
      const env = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: '' };
      expectObservable(fromEnv({ env: env })).toBe('(a|)', { a: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
    });
  });

  it('fails with NoCredentialsError when the keys are unset or empty', async () => {
    const error = await errorOf(fromEnv({ env: { AWS_ACCESS_KEY_ID: '' } }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toContain('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  });

  it('fails with ConfigError when only one key is set', async () => {
    const error = await errorOf(fromEnv({ env: { AWS_SECRET_ACCESS_KEY: 'secret' } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or neither');
  });

  it('fails with ConfigError on an expiration that is not a date', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', AWS_CREDENTIAL_EXPIRATION: 'soon' };
    expect(await errorOf(fromEnv({ env: env }))).toBeInstanceOf(ConfigError);
  });

  it('reads the environment on each subscription', async () => {
    const env: Record<string, string> = {};
    const credentials = fromEnv({ env: env });
    expect(await errorOf(credentials)).toBeInstanceOf(NoCredentialsError);
    Object.assign(env, { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' });
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(credentials).toBe('(a|)', { a: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
    });
  });
});
