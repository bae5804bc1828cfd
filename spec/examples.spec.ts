// Every example runs in the test command, against its own embedded dynalite (live-view.ts: its own
// DynamoDB Local), with small data.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const EXPECTED: Record<string, RegExp> = {
  'bulk-load.ts': /loaded 1,000 products in \d+\.\d s \([\d,]+ items\/s\); a COUNT scan finds 1,000\n/,
  'create-table-if-missing.ts': /run 1: created Users \(ACTIVE\)\nrun 2: found Users \(ACTIVE\)/,
  'crud-with-conditions.ts': /second create refused: true[\s\S]*withdrew 30: \{ balance: 70, version: 2 \}[\s\S]*stale version refused[\s\S]*gone: true/,
  'stream-large-query.ts': /queried 1,000 readings in \d+ pages: 250 at or above 30 °C, max 34.9 °C/,
  'parallel-scan-progress.ts': /scanned 1000 events \(334 clicks\); per segment: \{ '0': \d+, '1': \d+, '2': \d+, '3': \d+ \}/,
  'paced-to-file.ts': /wrote 1000 orders to a file through a paced scan \(1000 lines\)/,
  'cancelling.ts': /take\(2\) sent 2 Scan requests\ncancel button stopped the scan after 3 pages\ntype-ahead result: \{ id: 'p-002', name: 'Product 2' \}/,
  'custom-retry.ts': /after 3 attempts[\s\S]*timed-out attempt retried: 2 attempts\ntimed-out write surfaced instead of retried: DynamoDBTimeoutError/,
  'marble-test.ts': /marble test passed/,
  'copy-table-gently.ts': /copied 1,000 items from Orders to Orders-copy in \d+\.\d s \([\d,]+ items\/s\); the copy holds 1,000\nreads [\d.]+ units\/s \(target 25\), writes [\d.]+ units\/s \(target 1000\)\nat the provisioned proxy/,
  // On a DynamoDB Local of its own: two workers (separate clients) share a leased scan and a leased stream;
  // A stops its scan after 5 pages, handing its leases back.
  'scale-out.ts': /scan, 2 workers: A stopped after 5 pages, B finished the rest: 1000 of 1000 items handled, \d+ twice\nstream, 2 workers: 1000 of 1000 changes read, by A \d+, by B \d+\n/,
  // On a DynamoDB Local of its own (dynalite has no streams).
  'live-view.ts': /view after +\d+ changes: \{ ada: \d+, bob: \d+, cyd: \d+, dee: \d+, eve: \d+ \}[\s\S]*read model after 1150 changes \(1000 placed, 100 changed, 50 cancelled\): \{[^}]+\}\nmatches a full scan: true\n/,
  'demo.ts': /query   customer-0042: 2 orders in 1 pages[\s\S]*scan    1,000 orders in \d+ pages from 4 segments[\s\S]*GetItem survived 2 throttles and a 500: 4 attempts[\s\S]*summary 1,000 orders loaded/,
};

describe('examples', () => {
  const files = readdirSync(new URL('../examples/', import.meta.url)).filter((file) => file.endsWith('.ts'));

  it('every example file has an expectation here', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  // Seconds each alone; live-view.ts and scale-out.ts, which start a DynamoDB Local of their own, took 34 s
  // on a loaded 2-core machine: the limits leave room for a slower one.
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, async () => {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `examples/${file}`], {
        env: { ...process.env, ROWS: '1000', DYNAMODB_ENDPOINT: '' },
        timeout: 150_000,
      });
      expect(stdout).toMatch(expected);
      expect(stderr).not.toMatch(/Warning/); // e.g. MaxListenersExceededWarning: a listener leak
    }, 180_000);
  }
});
