/**
 * dynalite in its own child process (a client that aborts mid-request cannot crash the harness),
 * with the end-to-end table created; reports its port over IPC.
 */
import aws4 from 'aws4';
import { startDynalite } from '../../spec/support/dynalite.js';
import { CREDENTIALS } from '../clients/types.js';
import { E2E_TABLE, ORDER_KEY_SCHEMA } from '../data/tables.js';

const server = await startDynalite();
const url = new URL(server.endpoint);
const body = JSON.stringify({ TableName: E2E_TABLE, BillingMode: 'PAY_PER_REQUEST', ...ORDER_KEY_SCHEMA });
const headers = { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': 'DynamoDB_20120810.CreateTable' };
const signed = aws4.sign({ host: url.host, path: '/', method: 'POST', service: 'dynamodb', region: 'us-east-1', body, headers }, CREDENTIALS);
const response = await fetch(server.endpoint, { method: 'POST', headers: signed.headers as Record<string, string>, body });
if (!response.ok) throw new Error(`CreateTable on dynalite: HTTP ${response.status} ${await response.text()}`);
process.send?.({ port: Number(url.port) });
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
