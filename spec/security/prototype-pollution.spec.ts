import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCredentialChain } from '../../src/config/credentials/chain.js';
import { NoCredentialsError } from '../../src/errors/client-errors.js';
import { isolatedEnv, tempDir } from '../config/support/files.js';
import { errorOf, nodeCommand } from '../config/support/observe.js';

/** Runs `body` with `settings` added to Object.prototype, as a polluting library elsewhere in the application would; removes them after. */
async function withPollutedPrototype<T>(settings: Record<string, string>, body: () => Promise<T>): Promise<T> {
  for (const [name, value] of Object.entries(settings)) Object.defineProperty(Object.prototype, name, { value, configurable: true, writable: true });
  try {
    return await body();
  } finally {
    for (const name of Object.keys(settings)) delete (Object.prototype as Record<string, unknown>)[name];
  }
}

describe('a polluted Object.prototype', () => {
  it('is no profile setting or environment variable: the default chain runs no credential_process and takes no keys from it', async () => {
    const marker = join(tempDir(), 'ran');
    const command = nodeCommand(`require("fs").writeFileSync(${JSON.stringify(marker)}, "x"); console.log(JSON.stringify({ Version: 1, AccessKeyId: "ATTACKER", SecretAccessKey: "ATTACKER" }))`);
    const env = isolatedEnv({ config: '[default]\nregion = us-east-1\n' }, { HOME: tempDir() });
    const error = await withPollutedPrototype({ credential_process: command, AWS_ACCESS_KEY_ID: 'ATTACKER', AWS_SECRET_ACCESS_KEY: 'ATTACKER' }, () => errorOf(defaultCredentialChain({ env })));
    expect(error).toBeInstanceOf(NoCredentialsError);
    expect(existsSync(marker)).toBe(false);
  });
});
