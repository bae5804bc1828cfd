import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/client-errors.js';
import {
  loadProfile,
  loadSharedFiles,
  profileRegion,
  readSharedFiles,
  resolveProfileName,
  sharedFilePaths,
} from '../../src/config/shared-files.js';
import { isolatedEnv, tempDir } from './support/files.js';

describe('sharedFilePaths', () => {
  it('defaults to ~/.aws/credentials and ~/.aws/config, treating empty variables as unset', () => {
    expect(sharedFilePaths({ AWS_CONFIG_FILE: '' }, '/home/me')).toEqual({
      credentialsFile: join('/home/me', '.aws', 'credentials'),
      configFile: join('/home/me', '.aws', 'config'),
    });
  });

  it('takes the variables, expanding a leading ~ only', () => {
    expect(sharedFilePaths({ AWS_SHARED_CREDENTIALS_FILE: '~/c', AWS_CONFIG_FILE: '/etc/~x' }, '/h')).toEqual({
      credentialsFile: '/h/c',
      configFile: '/etc/~x',
    });
  });
});

describe('readSharedFiles', () => {
  it('merges both files per profile, the credentials file winning', () => {
    const env = isolatedEnv({
      config: [
        '[default]',
        'region = us-west-2',
        'output = json',
        '[profile dev]',
        'region = eu-west-1',
        'aws_access_key_id = FROM_CONFIG',
        '[dev]',
        'region = ignored-no-profile-prefix',
        '[sso-session corp]',
        'sso_region = us-east-1',
        '[services local]',
        'dynamodb =',
        '  endpoint_url = http://localhost:8000',
      ].join('\n'),
      credentials: '[dev]\naws_access_key_id = FROM_CREDENTIALS\n[profile odd]\nx = 1\n',
    });
    const { profiles } = readSharedFiles(env);
    expect(Object.fromEntries(profiles)).toEqual({
      default: { region: 'us-west-2', output: 'json' },
      dev: { region: 'eu-west-1', aws_access_key_id: 'FROM_CREDENTIALS' },
      'profile odd': { x: '1' },
    });
  });

  it('treats missing files as empty', () => {
    const env = isolatedEnv();
    expect(readSharedFiles(env).profiles.size).toBe(0);
    expect(loadProfile('default', env)).toBeUndefined();
    expect(readSharedFiles({ AWS_CONFIG_FILE: join(env['AWS_CONFIG_FILE'] ?? '', 'below-a-file') }).profiles.size).toBe(0);
  });

  it('fails with a ConfigError naming the file when it is a directory', () => {
    const env = isolatedEnv();
    mkdirSync(env['AWS_CONFIG_FILE'] ?? '');
    expect(() => readSharedFiles(env)).toThrow(ConfigError);
    expect(() => readSharedFiles(env)).toThrow(`cannot read ${env['AWS_CONFIG_FILE']}: EISDIR`);
  });

  it.skipIf(process.getuid?.() === 0)('fails with a ConfigError when a file is not readable', () => {
    const env = isolatedEnv({ credentials: '[default]\n' });
    chmodSync(env['AWS_SHARED_CREDENTIALS_FILE'] ?? '', 0o000);
    expect(() => readSharedFiles(env)).toThrow('EACCES');
  });

  it('names the file and line of a syntax error', () => {
    const env = isolatedEnv({ credentials: '[default]\naws_secret_access_key SECRET\n' });
    expect(() => readSharedFiles(env)).toThrow(`${env['AWS_SHARED_CREDENTIALS_FILE']} line 2: expected`);
  });
});

describe('loadSharedFiles', () => {
  it('reads once per pair of paths; readSharedFiles always reads anew', () => {
    const env = isolatedEnv({ config: '[default]\nregion = us-west-1\n' });
    expect(profileRegion('default', env)).toBe('us-west-1');
    writeFileSync(env['AWS_CONFIG_FILE'] ?? '', '[default]\nregion = eu-north-1\n');
    expect(profileRegion('default', env)).toBe('us-west-1');
    expect(loadSharedFiles(env)).toBe(loadSharedFiles(env));
    expect(readSharedFiles(env).profiles.get('default')?.['region']).toBe('eu-north-1');
  });

  it('does not cache a failed read', () => {
    const dir = tempDir();
    const env = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
    writeFileSync(env.AWS_CONFIG_FILE, '[default]\nbroken\n');
    expect(() => loadSharedFiles(env)).toThrow(ConfigError);
    writeFileSync(env.AWS_CONFIG_FILE, '[default]\nregion = sa-east-1\n');
    expect(profileRegion('default', env)).toBe('sa-east-1');
  });
});

describe('resolveProfileName', () => {
  it('prefers the explicit name, then AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default', () => {
    const env = { AWS_PROFILE: 'env', AWS_DEFAULT_PROFILE: 'legacy' };
    expect(resolveProfileName('explicit', env)).toBe('explicit');
    expect(resolveProfileName(undefined, env)).toBe('env');
    expect(resolveProfileName('', { AWS_PROFILE: '', AWS_DEFAULT_PROFILE: 'legacy' })).toBe('legacy');
    expect(resolveProfileName(undefined, {})).toBe('default');
  });
});

describe('profileRegion', () => {
  it('is the profile region, or undefined when the profile or its region is missing', () => {
    const env = isolatedEnv({ config: '[profile a]\nregion = ca-central-1\n[profile b]\nregion =\n' });
    expect(profileRegion('a', env)).toBe('ca-central-1');
    expect(profileRegion('b', env)).toBeUndefined();
    expect(profileRegion('c', env)).toBeUndefined();
  });
});
