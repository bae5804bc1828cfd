import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, NoCredentialsError, NoProfileError } from '../../src/errors/client-errors.js';
import { defaultCredentialChain } from '../../src/config/credentials/chain.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { isolatedEnv } from './support/files.js';
import { errorOf, nodeCommand } from './support/observe.js';
import { containerStandIn, json, metadataStandIn, standIn } from './support/stand-in.js';

const KEYS = (id: string): string => `aws_access_key_id = ${id}\naws_secret_access_key = s\n`;


describe('defaultCredentialChain', () => {
  it('takes the environment first, synchronously, reading no file', () => {
    const env = isolatedEnv({ credentials: '[default]\nbroken line\n' }, { AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 's' });
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(defaultCredentialChain({ env })).toBe('(a|)', { a: { accessKeyId: 'ENV', secretAccessKey: 's' } });
    });
  });

  it('takes the shared files next, synchronously, without asking the container', async () => {
    const endpoint = await containerStandIn('CONTAINER');
    const env = isolatedEnv({ credentials: `[default]\n${KEYS('FILE')}` }, { AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.origin });
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(defaultCredentialChain({ env })).toBe('(a|)', { a: { accessKeyId: 'FILE', secretAccessKey: 's' } });
    });
    expect(endpoint.received).toHaveLength(0);
  });

  it('takes the container next, without asking the instance metadata', async () => {
    const [endpoint, imds] = await Promise.all([containerStandIn('CONTAINER'), metadataStandIn('IMDS')]);
    const env = isolatedEnv(
      { config: '[default]\nregion = us-east-1\n' },
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.origin, AWS_EC2_METADATA_DISABLED: '', AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.origin },
    );
    expect((await firstValueFrom(defaultCredentialChain({ env }))).accessKeyId).toBe('CONTAINER');
    expect(imds.received).toHaveLength(0);
  });

  it('takes the instance metadata last', async () => {
    const imds = await metadataStandIn('IMDS');
    const env = isolatedEnv({}, { AWS_EC2_METADATA_DISABLED: 'false', AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.origin });
    expect((await firstValueFrom(defaultCredentialChain({ env }))).accessKeyId).toBe('IMDS');
  });

  it('uses the profile option over AWS_PROFILE', async () => {
    const env = isolatedEnv({ credentials: `[a]\n${KEYS('A')}[b]\n${KEYS('B')}` }, { AWS_PROFILE: 'a' });
    expect((await firstValueFrom(defaultCredentialChain({ env }))).accessKeyId).toBe('A');
    expect((await firstValueFrom(defaultCredentialChain({ profile: 'b', env }))).accessKeyId).toBe('B');
  });

  it('skips environment keys when a profile is named (option or AWS_PROFILE), as the AWS SDK v3 does', async () => {
    const envKeys = { AWS_ACCESS_KEY_ID: 'ENV', AWS_SECRET_ACCESS_KEY: 'env-secret' };
    const files = { credentials: `[default]\n${KEYS('DEFAULT')}[prod]\n${KEYS('PROD')}` };
    expect((await firstValueFrom(defaultCredentialChain({ env: isolatedEnv(files, envKeys) }))).accessKeyId).toBe('ENV');
    expect((await firstValueFrom(defaultCredentialChain({ profile: 'prod', env: isolatedEnv(files, envKeys) }))).accessKeyId).toBe('PROD');
    expect((await firstValueFrom(defaultCredentialChain({ env: isolatedEnv(files, { ...envKeys, AWS_PROFILE: 'prod' }) }))).accessKeyId).toBe('PROD');
  });

  it('stops with NoProfileError when a named profile is in neither file', async () => {
    const endpoint = await containerStandIn('CONTAINER');
    const env = isolatedEnv({ credentials: `[default]\n${KEYS('D')}` }, { AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.origin });
    const error = await errorOf(defaultCredentialChain({ profile: 'ghost', env }));
    expect(error).toBeInstanceOf(NoProfileError);
    expect(await errorOf(defaultCredentialChain({ env: { ...env, AWS_PROFILE: 'ghost' } }))).toBeInstanceOf(NoProfileError);
    expect(endpoint.received).toHaveLength(0);
  });

  it('fails with NoCredentialsError saying why each source had nothing', async () => {
    const env = isolatedEnv();
    const error = await errorOf(defaultCredentialChain({ env }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toBe(
      'no AWS credentials found; tried ' +
        [
          'environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set',
          `shared files: no [default] profile in ${env['AWS_SHARED_CREDENTIALS_FILE']} or ${env['AWS_CONFIG_FILE']}`,
          'web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set',
          'container: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set',
          'instance metadata: disabled by AWS_EC2_METADATA_DISABLED',
        ].join('; '),
    );
  });

  it.each([
    ['an unparsable file', { credentials: '[default]\nnot a setting\n' }, 'line 2'],
    ['a failing credential_process', { config: `[default]\ncredential_process = ${nodeCommand('process.exit(2)')}\n` }, 'exited with code 2'],
  ])('fails with the ConfigError of %s instead of falling through', async (_name, files, message) => {
    const endpoint = await containerStandIn('CONTAINER');
    const env = isolatedEnv(files, { AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.origin });
    const error = await errorOf(defaultCredentialChain({ env }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
    expect(endpoint.received).toHaveLength(0);
  });

  it('fails with the error of a broken container endpoint instead of asking the instance metadata', async () => {
    const [endpoint, imds] = await Promise.all([standIn((_request, response) => json(response, {}, 404)), metadataStandIn('IMDS')]);
    const env = isolatedEnv({}, { AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.origin, AWS_EC2_METADATA_DISABLED: '', AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.origin });
    expect((await errorOf(defaultCredentialChain({ env }))).message).toContain('answered HTTP 404');
    expect(imds.received).toHaveLength(0);
  });

  it('runs anew on each subscription', async () => {
    const env = isolatedEnv();
    const chain = defaultCredentialChain({ env });
    expect(await errorOf(chain)).toBeInstanceOf(NoCredentialsError);
    Object.assign(env, { AWS_ACCESS_KEY_ID: 'LATER', AWS_SECRET_ACCESS_KEY: 's' });
    expect((await firstValueFrom(chain)).accessKeyId).toBe('LATER');
  });
});
