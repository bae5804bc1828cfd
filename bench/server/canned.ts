/**
 * The canned DynamoDB server, run in its own child process (forked by the harness, which it tells
 * its port over IPC): answers instantly from precomputed, correctly checksummed bodies, so that a
 * client process's CPU is the client's own cost (BatchGetItem answers are built per request: each key
 * asked for holds an order). Paged tables are described by their names (see
 * `data/tables.ts`); `_d<ms>` tables wait that long before each page. DynamoDB Streams calls are
 * answered for the streams of `data/changes.ts` (see `stream-pages.ts`).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { marshall } from '@aws-sdk/util-dynamodb';
import { orderItem, readingItem } from '../data/items.js';
import { ITEM_TABLE, ORDER_KEY_SCHEMA, SMALL_ITEM_TABLE, parsePagedTable } from '../data/tables.js';
import { PageServer } from './pages.js';
import { canned, errorResponse, headersFor, type CannedResponse } from './responses.js';
import { batchGetResponse } from './batch-get.js';
import { StreamServer } from './stream-pages.js';

const TARGET_PREFIX = 'DynamoDB_20120810.';
const STREAMS_TARGET_PREFIX = 'DynamoDBStreams_20120810.';
const pages = new PageServer();
const streams = new StreamServer();
const fixed: Record<string, CannedResponse> = {
  GetItem: canned({ Item: marshall(orderItem(0)) }),
  PutItem: canned({}),
  BatchWriteItem: canned({ UnprocessedItems: {} }),
  // Batch operators read the key schema first.
  DescribeTable: canned({ Table: { TableName: ITEM_TABLE, TableStatus: 'ACTIVE', ...ORDER_KEY_SCHEMA } }),
};

/** GetItem's answer by table: a reading on the small-item table, an order on any other. */
const GET_ITEM_SMALL = canned({ Item: marshall(readingItem(0)) });

function send(res: ServerResponse, response: CannedResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

/** Reads a request's JSON body, then answers it. */
function withBody(req: IncomingMessage, answer: (body: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => answer(Buffer.concat(chunks).toString('utf8')));
}

function sendStreamAnswer(res: ServerResponse, action: string, body: string): void {
  const answer = streams.answer(action, JSON.parse(body) as Record<string, unknown>);
  if ('status' in answer) return send(res, answer);
  const [records, end] = answer.chunks;
  res.writeHead(200, headersFor(records.length + end.length, answer.crc));
  res.on('close', answer.done);
  res.write(records);
  res.end(end);
}

interface PageRequest {
  TableName?: string;
  ExclusiveStartKey?: { pk?: { S?: string } };
  Segment?: number;
  TotalSegments?: number;
  ReturnConsumedCapacity?: string;
}

function sendPage(res: ServerResponse, body: string): void {
  const request = JSON.parse(body) as PageRequest;
  const table = parsePagedTable(request.TableName ?? '');
  if (!table) return send(res, errorResponse('ResourceNotFoundException', `Requested resource not found: Table: ${request.TableName} not found`));
  const capacity = request.ReturnConsumedCapacity === 'TOTAL' || request.ReturnConsumedCapacity === 'INDEXES';
  const page = pages.page(table, request.ExclusiveStartKey?.pk?.S, request.Segment, request.TotalSegments, capacity);
  const write = () => {
    res.writeHead(200, headersFor(page.prefix.length + page.suffix.length, page.crc));
    res.write(page.prefix);
    res.end(page.suffix);
  };
  if (table.delayMs) setTimeout(write, table.delayMs);
  else write();
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target.startsWith(STREAMS_TARGET_PREFIX)) return withBody(req, (body) => sendStreamAnswer(res, target.slice(STREAMS_TARGET_PREFIX.length), body));
  const action = target.slice(TARGET_PREFIX.length);
  if (action === 'GetItem') return withBody(req, (body) => send(res, body.includes(`"${SMALL_ITEM_TABLE}"`) ? GET_ITEM_SMALL : fixed['GetItem']!));
  const response = fixed[action];
  if (response) {
    req.resume();
    req.on('end', () => send(res, response));
    return;
  }
  if (action === 'BatchGetItem') {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => send(res, batchGetResponse(Buffer.concat(chunks).toString('utf8'))));
    return;
  }
  if (action !== 'Query' && action !== 'Scan') {
    req.resume();
    req.on('end', () => send(res, errorResponse('UnknownOperationException', `canned server: no answer for ${action}`)));
    return;
  }
  withBody(req, (body) => sendPage(res, body));
}

const server = http.createServer({ keepAlive: true }, handle);
server.keepAliveTimeout = 120_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
