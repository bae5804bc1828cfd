import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import { ConfigError } from '../../src/errors/client-errors.js';

const SECRET = 'SECRETrxddbfilesecret00000000000000000000';
const ROOT = process.getuid?.() === 0;
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));
/**
 * Root reads any file, so the unreadable-file cases run in a child process dropped to `nobody` (uid and
 * gid 65534, no supplementary groups) with setpriv. Without root they run as the current user; as root
 * without setpriv they cannot be made to fail, and are skipped.
 */
const canDrop = !ROOT || SETPRIV !== undefined;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rx-dynamodb-files-'));
  // Traversable by the unprivileged child: only the files themselves are locked.
  chmodSync(dir, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a file with `mode`, and returns its path. */
function file(name: string, text: string, mode = 0o644): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

/**
 * Constructs a client and subscribes to a call with `env` in a child process (as `nobody` when this
 * process is root) and returns how it failed: `{ stage, name, message }`.
 */
function failureInChild(env: Record<string, string>): { stage: string; name: string; message: string } {
  const script = `
    import { DynamoDB } from './src/index.ts';
    const report = (stage, error) => { console.log(JSON.stringify({ stage, name: error.name, message: error.message })); process.exit(0); };
    let db;
    try { db = new DynamoDB({ env: ${JSON.stringify(env)}, endpoint: 'http://127.0.0.1:9' }); } catch (error) { report('constructor', error); }
    db.listTables().subscribe({ error: (error) => report('call', error), complete: () => report('call', { name: 'none', message: 'no error' }) });
  `;
  const command = ROOT ? [SETPRIV!, '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : [process.execPath];
  const output = execFileSync(command[0]!, [...command.slice(1), '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env['PATH'] ?? '', HOME: dir },
  });
  return JSON.parse(output.trim().split('\n').at(-1)!) as { stage: string; name: string; message: string };
}

describe.skipIf(!canDrop)(`credential files that cannot be read${ROOT ? ' (child process dropped to nobody with setpriv)' : ''}`, () => {
  it('a credentials file without read permission: ConfigError naming the file and EACCES, from the constructor', () => {
    const credentials = file('credentials-locked', `[default]\naws_access_key_id = AKID\naws_secret_access_key = ${SECRET}\n`, 0o600);
    const failure = failureInChild({ AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: join(dir, 'none') });
    expect(failure).toMatchObject({ stage: 'constructor', name: 'ConfigError' });
    expect(failure.message).toBe(`cannot read ${credentials}: EACCES`);
  });

  it('a config file without read permission, and a file in a directory that cannot be entered', () => {
    const config = file('config-locked', '[default]\nregion = eu-west-1\n', 0o000);
    expect(failureInChild({ AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') })).toMatchObject({
      stage: 'constructor',
      name: 'ConfigError',
      message: `cannot read ${config}: EACCES`,
    });
    const closed = join(dir, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    writeFileSync(join(closed, 'credentials'), '[default]\n');
    expect(failureInChild({ AWS_SHARED_CREDENTIALS_FILE: join(closed, 'credentials'), AWS_CONFIG_FILE: join(dir, 'none') })).toMatchObject({
      name: 'ConfigError',
      message: `cannot read ${join(closed, 'credentials')}: EACCES`,
    });
  });
});

describe('credential files with bad syntax', () => {
  it('a line that is not `name = value`: ConfigError naming file and line, without the line itself', () => {
    const credentials = file('credentials-bad', `[default]\naws_access_key_id = AKID\naws_secret_access_key ${SECRET}\n`);
    const build = () => new DynamoDB({ env: { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: join(dir, 'none') } });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(`${credentials} line 3: expected `);
    expect(build).not.toThrow(SECRET);
  });

  it('a section header that is never closed', () => {
    const config = file('config-bad', '[profile dev\nregion = eu-west-1\n');
    const build = () => new DynamoDB({ env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') } });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(`${config} line 1: malformed section header`);
  });

  it('is not hidden by a profile that works: the whole file is refused', () => {
    const credentials = file('credentials-half-bad', `[default]\naws_access_key_id = AKID\naws_secret_access_key = ${SECRET}\n[other]\nbroken line\n`);
    const build = () => new DynamoDB({ env: { AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_CONFIG_FILE: join(dir, 'none') } });
    expect(build).toThrow(`${credentials} line 5: `);
  });
});
