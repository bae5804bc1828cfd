import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CLIENTS, CREDENTIALS, type ClientName, type Target } from '../clients/types.js';
import { ISOLATED_ENV } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Section } from '../harness/report.js';
import { median } from '../harness/stats.js';
import { ITEM_TABLE } from '../data/tables.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);
const KEY = { pk: 'CUSTOMER#0', sk: 'ORDER#0' };

/**
 * Plain-node ESM scripts (no tsx, whose loader would slow every import): the import, then the
 * client's construction and a first GetItem. `rx-dynamodb` resolves to the built `dist/`.
 */
const SCRIPTS: Record<ClientName, { load: string; firstCall: string }> = {
  'rx-dynamodb': {
    load: `const { DynamoDB } = await import('rx-dynamodb');`,
    firstCall: `const db = new DynamoDB({ endpoint, region: 'us-east-1', credentials, env: {} });
      await new Promise((resolve, reject) => db.getItem(table, key).subscribe({ next: resolve, error: reject }));`,
  },
  'aws-sdk-v3': {
    load: `const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
      const { DynamoDBDocumentClient, GetCommand } = await import('@aws-sdk/lib-dynamodb');`,
    firstCall: `const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials }));
      await doc.send(new GetCommand({ TableName: table, Key: key }));`,
  },
  raw: {
    load: `const http = await import('node:http'); const { default: aws4 } = await import('aws4');`,
    firstCall: `const url = new URL(endpoint); const body = JSON.stringify({ TableName: table, Key: { pk: { S: key.pk }, sk: { S: key.sk } } });
      const signed = aws4.sign({ host: url.host, path: '/', method: 'POST', service: 'dynamodb', region: 'us-east-1', body,
        headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem' } }, credentials);
      await new Promise((resolve, reject) => {
        const request = http.request({ hostname: url.hostname, port: url.port, method: 'POST', path: '/', headers: signed.headers }, (response) => {
          const chunks = []; response.on('data', (c) => chunks.push(c)); response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
        });
        request.on('error', reject); request.end(body);
      });`,
  },
};

function script(client: ClientName, target: Target): string {
  const { load, firstCall } = SCRIPTS[client];
  return `const endpoint = ${JSON.stringify(target.endpoint)}, table = ${JSON.stringify(ITEM_TABLE)};
    const credentials = ${JSON.stringify(CREDENTIALS)}, key = ${JSON.stringify(KEY)};
    const t0 = performance.now();
    ${load}
    const t1 = performance.now();
    ${firstCall}
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstCallMs: t2 - t1 }));`;
}

/** Time to import each package in a fresh process, and to construct a client and finish a first GetItem. */
export async function importSection(target: Target, plan: Plan): Promise<Section> {
  const imports: Partial<Record<ClientName, number[]>> = {};
  const firstCalls: Partial<Record<ClientName, number[]>> = {};
  for (let round = 0; round < plan.importRuns; round++) {
    for (const client of CLIENTS) {
      const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script(client, target)], { cwd: ROOT, env: ISOLATED_ENV, timeout: 60_000 });
      const { importMs, firstCallMs } = JSON.parse(stdout) as { importMs: number; firstCallMs: number };
      (imports[client] ??= []).push(importMs);
      (firstCalls[client] ??= []).push(firstCallMs);
    }
  }
  const medianOf = (table: Partial<Record<ClientName, number[]>>) =>
    Object.fromEntries(Object.entries(table).map(([client, list]) => [client, median(list)])) as Partial<Record<ClientName, number>>;
  return {
    title: 'Import time (fresh process each run)',
    rows: [
      { measure: 'import the package(s)', unit: 'ms', values: medianOf(imports) },
      { measure: 'then construct a client and finish a first GetItem', unit: 'ms', values: medianOf(firstCalls) },
    ],
    notes: [
      `Plain \`node\` ESM, median of ${plan.importRuns} alternating runs. rx-dynamodb: \`import('rx-dynamodb')\` (built \`dist/\`, with rxjs, axios and aws4); SDK: \`@aws-sdk/client-dynamodb\` + \`@aws-sdk/lib-dynamodb\`; raw: \`node:http\` + \`aws4\`.`,
    ],
  };
}
