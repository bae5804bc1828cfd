import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { ConfigError, NoCredentialsError, NoProfileError } from '../../src/errors/client-errors.js';
import { fromProcess } from '../../src/config/credentials/from-process.js';
import { fromSharedFiles } from '../../src/config/credentials/from-shared-files.js';
import { marbleScheduler } from '../support/marble-scheduler.js';
import { isolatedEnv, tempDir } from './support/files.js';
import { errorOf, nodeCommand } from './support/observe.js';

const printJson = (document: object): string => nodeCommand(`process.stdout.write(JSON.stringify(${JSON.stringify(document)}))`);

describe('fromSharedFiles', () => {
  it('emits the static keys of the profile synchronously', () => {
    const env = isolatedEnv(
      { credentials: '[dev]\naws_access_key_id = AKID\naws_secret_access_key = secret\naws_session_token = token\n' },
      { AWS_PROFILE: 'dev' },
    );
    marbleScheduler().run(({ expectObservable }) => {
      expectObservable(fromSharedFiles({ env })).toBe('(a|)', {
        a: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' },
      });
    });
  });

  it('uses the default profile when none is named, and the explicit one over AWS_PROFILE', async () => {
    const env = isolatedEnv({
      credentials: '[default]\naws_access_key_id = D\naws_secret_access_key = d\n[b]\naws_access_key_id = B\naws_secret_access_key = b\n',
    });
    expect((await firstValueFrom(fromSharedFiles({ env }))).accessKeyId).toBe('D');
    expect((await firstValueFrom(fromSharedFiles({ profile: 'b', env: { ...env, AWS_PROFILE: 'nope' } }))).accessKeyId).toBe('B');
  });

  it('fails with NoProfileError for a named profile that is in neither file', async () => {
    const env = isolatedEnv({ config: '[default]\nregion = us-east-1\n' }, { AWS_PROFILE: 'ghost' });
    const error = await errorOf(fromSharedFiles({ env }));
    expect(error).toBeInstanceOf(NoProfileError);
    expect(error).toMatchObject({ profile: 'ghost' });
    expect(error.message).toContain(env['AWS_CONFIG_FILE']);
    expect(error.message).toBe(`profile 'ghost' is in neither ${env['AWS_SHARED_CREDENTIALS_FILE']} nor ${env['AWS_CONFIG_FILE']}`);
  });

  it('fails with NoCredentialsError when there is no default profile or it has no credentials', async () => {
    expect((await errorOf(fromSharedFiles({ env: isolatedEnv() }))).message).toContain('no [default] profile');
    const env = isolatedEnv({ config: '[default]\nregion = us-east-1\n' });
    const error = await errorOf(fromSharedFiles({ env }));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(error.message).toBe(
      "no AWS credentials: shared files: profile 'default' has no credentials (keys, role_arn, web_identity_token_file, credential_process or sso_*)",
    );
  });

  it('no longer refuses profiles that need STS or SSO: a half-configured one fails with a ConfigError naming what is missing', async () => {
    // 0.1 refused these settings, suggesting the AWS SDK's provider chain; profile-credentials.spec.ts and
    // from-sso.spec.ts prove them against STS and SSO stand-ins.
    const cases = [
      ['role_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base', "names source_profile 'base', which is in neither"],
      ['sso_session = corp\nsso_account_id = 1\nsso_role_name = r', "names sso_session 'corp', but"],
      ['sso_start_url = https://x\nsso_account_id = 1\nsso_role_name = r', "SSO profile 'r' has no sso_region"],
      ['web_identity_token_file = /t', "profile 'r' sets web_identity_token_file but no role_arn"],
    ];
    for (const [settings, message] of cases) {
      const env = isolatedEnv({ config: `[profile r]\n${settings}\n` });
      const error = await errorOf(fromSharedFiles({ profile: 'r', env }));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toContain(message);
      expect(error.message).not.toContain('fromNodeProviderChain');
    }
  });

  it('fails with ConfigError when a profile has only one of the two keys', async () => {
    const env = isolatedEnv({ credentials: '[default]\naws_access_key_id = AKID\n' });
    expect((await errorOf(fromSharedFiles({ env }))).message).toContain('needs both aws_access_key_id and aws_secret_access_key');
  });

  it('runs credential_process with the given environment and reads its JSON', async () => {
    const script = 'process.stdout.write(JSON.stringify({Version:1,AccessKeyId:process.env.KEY_FOR_TEST,SecretAccessKey:"s",SessionToken:"t",Expiration:"2031-05-06T07:08:09Z"}))';
    const env = isolatedEnv({ config: `[default]\ncredential_process = ${nodeCommand(script)}\n` }, { KEY_FOR_TEST: 'FROM_PROCESS' });
    expect(await firstValueFrom(fromSharedFiles({ env }))).toEqual({
      accessKeyId: 'FROM_PROCESS',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date('2031-05-06T07:08:09Z'),
    });
  });

  it('prefers static keys over credential_process in the same profile', async () => {
    const env = isolatedEnv({ config: '[default]\naws_access_key_id = A\naws_secret_access_key = s\ncredential_process = false\n' });
    expect((await firstValueFrom(fromSharedFiles({ env }))).accessKeyId).toBe('A');
  });
});

describe('fromProcess', () => {
  it.each([
    [nodeCommand('process.exit(3)'), "credential_process of profile 'p' exited with code 3; run it in a shell to see why"],
    [nodeCommand('process.stdout.write("AKIA not json")'), 'printed unusable credentials: not JSON'],
    [printJson({ Version: 2, AccessKeyId: 'A', SecretAccessKey: 's' }), 'printed unusable credentials: Version must be 1'],
    [printJson({ Version: 1, AccessKeyId: 'A' }), 'printed unusable credentials: SecretAccessKey is missing'],
    [printJson({ Version: 1, AccessKeyId: 'A', SecretAccessKey: 's', Expiration: 'later' }), 'Expiration is not a date'],
  ])('fails with ConfigError: %s', async (command, message) => {
    const error = await errorOf(fromProcess({ command, label: "credential_process of profile 'p'" }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(message);
  });

  it('stops a command that takes too long', async () => {
    const started = Date.now();
    const error = await errorOf(fromProcess({ command: nodeCommand('setTimeout(() => {}, 20000)'), timeoutMs: 300 }));
    expect(error.message).toBe('credential_process did not finish within 300 ms and was stopped');
    // Stopped at 300 ms, not when it ends (20 s): half of that leaves room for a loaded machine to spawn node.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('stops the command and what it started when unsubscribed', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'pid');
    const script = `require("fs").writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 20000)`;
    const subscription = fromProcess({ command: nodeCommand(script) }).subscribe({ error: () => {} });
    await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '').toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    subscription.unsubscribe();
    await expect.poll(() => isAlive(pid)).toBe(false);
  });
});

/** Whether a process runs; a zombie (killed, not yet reaped by an init that is slow to reap) does not. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
