import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startDynamoDBLocal } from './dynamodb-local.js';

// The harness's failure paths, with a stand-in `java` script in a fake JAVA_HOME (no JVM started).
const home = mkdtempSync(join(tmpdir(), 'rx-dynamodb-java-'));
function fakeJava(script: string): void {
  mkdirSync(join(home, 'bin'), { recursive: true });
  writeFileSync(join(home, 'bin', 'java'), `#!/bin/sh\n${script}\n`);
  chmodSync(join(home, 'bin', 'java'), 0o755);
  vi.stubEnv('JAVA_HOME', home);
}
afterEach(() => vi.unstubAllEnvs());
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('startDynamoDBLocal failures', () => {
  it('says Java is missing', async () => {
    vi.stubEnv('JAVA_HOME', join(home, 'nowhere'));
    await expect(startDynamoDBLocal()).rejects.toThrow(/DynamoDB Local needs Java 17\+ .*ENOENT/);
  });

  it('reports an early exit with its code and stderr', async () => {
    fakeJava('echo "UnsupportedClassVersionError: stand-in" >&2; exit 3');
    await expect(startDynamoDBLocal()).rejects.toThrow(/exited \(code 3\)\. Its stderr:\nUnsupportedClassVersionError: stand-in/);
  });

  it('gives up after timeoutMs when nothing answers, and stops the process', async () => {
    fakeJava('echo "still starting" >&2; exec sleep 30');
    const started = performance.now();
    await expect(startDynamoDBLocal({ timeoutMs: 300 })).rejects.toThrow(/did not answer ListTables within 300 ms\. Its stderr:\nstill starting/);
    // Far below the default limit (120 s), with room for a loaded machine to spawn and stop the process.
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
