// A worker process of a leased scan, run by spec/lease/child-workers.spec.ts:
// `node --import tsx scan-worker-child.ts <endpoint> <table> <lease table> <scanId> <workerId> <leaseDurationMs> <segments> <handler ms>`.
// Handles each page (prints it as a JSON line `{ worker, segment, keys, last }`, then takes `handler ms`),
// so a page is checkpointed only after it was printed; prints each lease event as `{ event, leaseKey }`,
// and `{ "done": true }` once the scan completed. Prints `{ "ready": true }` once loaded and starts only
// when the parent writes a line to its stdin, so that slow starts (loading tsx) do not decide who works.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { lastValueFrom } from 'rxjs';
import { DynamoDB, type Item, type Page } from '../../../src/index.js';

const [endpoint = '', table = '', leaseTable = '', scanId = '', worker = '', leaseDurationMs = '', segments = '', handlerMs = ''] = process.argv.slice(2);
const db = new DynamoDB({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, env: {} });

db.leases$.subscribe(({ type, leaseKey }) => console.log(JSON.stringify({ event: type, leaseKey })));
const handle = async (page: Page<Item>): Promise<void> => {
  const keys = page.items.map((item) => String(item['pk']));
  console.log(JSON.stringify({ worker, segment: page.segment, keys, last: page.lastEvaluatedKey === undefined }));
  await new Promise((resolve) => setTimeout(resolve, Number(handlerMs)));
};
const options = {
  segments: Number(segments),
  limit: 5,
  lease: { table: leaseTable, scanId, workerId: worker, leaseDurationMs: Number(leaseDurationMs) },
  pacing: { concurrency: Number(segments) },
};
console.log(JSON.stringify({ ready: true }));
await once(createInterface({ input: process.stdin }), 'line');
await lastValueFrom(db.scanPaced(table, options, handle), { defaultValue: undefined });
console.log(JSON.stringify({ done: true }));
