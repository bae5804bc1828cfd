import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CLIENTS, CREDENTIALS, type ClientName, type Target } from '../clients/types.js';
import { ISOLATED_ENV } from '../harness/child.js';
import type { Plan } from '../harness/plan.js';
import type { Row, Section } from '../harness/report.js';
import { median, relativeSpread } from '../harness/stats.js';
import { ITEM_TABLE } from '../data/tables.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);
const KEY = { pk: 'CUSTOMER#0', sk: 'ORDER#0' };

/** How a script loads its modules: an ES module's `import()` or CommonJS `require()`. */
type Form = 'esm' | 'cjs';

/** The packages each client loads, by name; `rx-dynamodb` resolves to the built `dist/` (self-reference). */
const PACKAGES: Record<ClientName, string[]> = {
  'rx-dynamodb': ['rx-dynamodb'],
  'aws-sdk-v3': ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
  raw: ['node:http', 'aws4'],
};

/** Constructs the client from the loaded modules `m` (in `PACKAGES` order) and finishes a first GetItem. */
const FIRST_CALL: Record<ClientName, string> = {
  'rx-dynamodb': `const db = new m[0].DynamoDB({ endpoint, region: 'us-east-1', credentials, env: {} });
    await new Promise((resolve, reject) => db.getItem(table, key).subscribe({ next: resolve, error: reject }));`,
  'aws-sdk-v3': `const doc = m[1].DynamoDBDocumentClient.from(new m[0].DynamoDBClient({ endpoint, region: 'us-east-1', credentials }));
    await doc.send(new m[1].GetCommand({ TableName: table, Key: key }));`,
  raw: `const [http, aws4] = [m[0], m[1].default ?? m[1]];
    const url = new URL(endpoint); const body = JSON.stringify({ TableName: table, Key: { pk: { S: key.pk }, sk: { S: key.sk } } });
    const signed = aws4.sign({ host: url.host, path: '/', method: 'POST', service: 'dynamodb', region: 'us-east-1', body,
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.GetItem' } }, credentials);
    await new Promise((resolve, reject) => {
      const request = http.request({ hostname: url.hostname, port: url.port, method: 'POST', path: '/', headers: signed.headers }, (response) => {
        const chunks = []; response.on('data', (c) => chunks.push(c)); response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
      });
      request.on('error', reject); request.end(body);
    });`,
};

/** One way of loading: the form, and whether the app has loaded rxjs (rx-dynamodb's peer dependency) before. */
interface Variant {
  form: Form;
  rxjsFirst: boolean;
  /** Whether the run goes on to a first GetItem (timed apart from the import). */
  firstCall: boolean;
  measure: string;
}

const VARIANTS: Variant[] = [
  { form: 'esm', rxjsFirst: false, firstCall: true, measure: 'import the package(s), ES module' },
  { form: 'cjs', rxjsFirst: false, firstCall: false, measure: 'require the package(s), CommonJS' },
  { form: 'esm', rxjsFirst: true, firstCall: false, measure: 'import the package(s), ES module, app has loaded rxjs before' },
  { form: 'cjs', rxjsFirst: true, firstCall: false, measure: 'require the package(s), CommonJS, app has loaded rxjs before' },
];
const FIRST_CALL_MEASURE = 'then construct a client and finish a first GetItem (ES module)';
const cpuMeasure = (variant: Variant) => `${variant.measure}: CPU time`;

/**
 * A plain-node script (no tsx, whose loader would slow every import) that times loading `client`'s
 * packages, then, if asked, constructing the client and finishing a first GetItem.
 */
function script(client: ClientName, variant: Variant, target: Target): string {
  const load = (name: string) => (variant.form === 'esm' ? `await import(${JSON.stringify(name)})` : `require(${JSON.stringify(name)})`);
  const body = `const endpoint = ${JSON.stringify(target.endpoint)}, table = ${JSON.stringify(ITEM_TABLE)};
    const credentials = ${JSON.stringify(CREDENTIALS)}, key = ${JSON.stringify(KEY)};
    ${variant.rxjsFirst ? `${load('rxjs')};` : ''}
    const c0 = process.cpuUsage(), t0 = performance.now();
    const m = [${PACKAGES[client].map(load).join(', ')}];
    const t1 = performance.now(), c1 = process.cpuUsage(c0);
    ${variant.firstCall ? FIRST_CALL[client] : ''}
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ importMs: t1 - t0, importCpuMs: (c1.user + c1.system) / 1000, firstCallMs: t2 - t1 }));`;
  return variant.form === 'esm' ? body : `(async () => { ${body} })().catch((error) => { console.error(error); process.exit(1); });`;
}

/** What one run measured, in ms: the import's wall clock and CPU time (user + system, all threads), then the first call's wall clock. */
interface Timing {
  importMs: number;
  importCpuMs: number;
  firstCallMs: number;
}

async function run(client: ClientName, variant: Variant, target: Target): Promise<Timing> {
  const args = variant.form === 'esm' ? ['--input-type=module', '-e', script(client, variant, target)] : ['-e', script(client, variant, target)];
  const { stdout } = await execFileAsync(process.execPath, args, { cwd: ROOT, env: ISOLATED_ENV, timeout: 60_000 });
  return JSON.parse(stdout) as Timing;
}

/**
 * Time to load each client's packages in a fresh process, as an ES module and as CommonJS, alone and
 * in an app that has loaded rxjs already; and, after the ES module import, to construct a client and
 * finish a first GetItem.
 */
export async function importSection(target: Target, plan: Plan): Promise<Section> {
  const times = new Map<string, Partial<Record<ClientName, number[]>>>();
  const record = (measure: string, client: ClientName, ms: number) => {
    const byClient = times.get(measure) ?? times.set(measure, {}).get(measure)!;
    (byClient[client] ??= []).push(ms);
  };
  for (let round = 0; round < plan.importRuns; round++) {
    for (const variant of VARIANTS) {
      for (const client of CLIENTS) {
        const { importMs, importCpuMs, firstCallMs } = await run(client, variant, target);
        record(variant.measure, client, importMs);
        record(cpuMeasure(variant), client, importCpuMs);
        if (variant.firstCall) record(FIRST_CALL_MEASURE, client, firstCallMs);
      }
    }
  }
  const measures = [...VARIANTS.flatMap((variant) => [variant.measure, cpuMeasure(variant)]), FIRST_CALL_MEASURE];
  const rows: Row[] = measures.map((measure) => {
    const byClient = Object.entries(times.get(measure)!) as [ClientName, number[]][];
    return {
      measure,
      unit: measure.endsWith('CPU time') ? 'ms CPU' : 'ms',
      values: Object.fromEntries(byClient.map(([client, list]) => [client, median(list)])),
      spread: Math.max(...byClient.map(([, list]) => relativeSpread(list))),
    };
  });
  return {
    title: 'Import time (fresh process each run)',
    rows,
    notes: [
      `Plain \`node\` (\`--input-type=module -e\` or \`-e\`), median of ${plan.importRuns} alternating runs, wall clock from just before the first \`import()\`/\`require()\` of the package(s) to just after the last. rx-dynamodb: \`rx-dynamodb\` (built \`dist/\`, which loads rxjs, axios and aws4); SDK: \`@aws-sdk/client-dynamodb\` + \`@aws-sdk/lib-dynamodb\`; raw: \`node:http\` + \`aws4\`.`,
      '"App has loaded rxjs before": the script loads `rxjs` (rx-dynamodb\'s peer dependency, which a reactive app has loaded already) before the clock starts, for every client.',
    ],
  };
}
