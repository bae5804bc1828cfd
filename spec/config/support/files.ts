import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Env } from '../../../src/config/env.js';

/** A fresh temp directory, removed when the current test ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-dynamodb-config-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * An environment isolated from the machine: shared files in a temp dir (written when given), the metadata
 * service disabled, then `extra` on top.
 */
export function isolatedEnv(files: { credentials?: string; config?: string } = {}, extra: Env = {}): Env {
  const dir = tempDir();
  const env: Env = {
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (files.credentials !== undefined) writeFileSync(join(dir, 'credentials'), files.credentials);
  if (files.config !== undefined) writeFileSync(join(dir, 'config'), files.config);
  return { ...env, ...extra };
}
