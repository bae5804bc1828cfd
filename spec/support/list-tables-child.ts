// Run by specs in a child process (`node --import tsx spec/support/list-tables-child.ts <endpoint> [proxy]`), for
// what Node reads only at startup, such as NODE_EXTRA_CA_CERTS. Lists the tables at the endpoint (through the proxy
// URL, if given) and prints `{ "tables": [...] }`, or `{ "code", "message" }` of the error, as the last line.
import { lastValueFrom, toArray } from 'rxjs';
import { DynamoDB } from '../../src/index.js';

const db = new DynamoDB({ endpoint: process.argv[2] ?? '', region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, env: {}, maxRetries: 0, proxy: process.argv[3] ?? false });
try {
  console.log(JSON.stringify({ tables: await lastValueFrom(db.listTables().pipe(toArray())) }));
} catch (error) {
  const { code, message } = error as { code?: string; message?: string };
  console.log(JSON.stringify({ code, message }));
}
