import { Agent, createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { from, lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';
import { FAULT_KINDS, startFaultProxy, type FaultDecision, type FaultKind } from './fault-proxy.js';
import { localClient } from './local-client.js';
import { useFaultProxy } from './use-fault-proxy.js';

// --- raw HTTP helpers -------------------------------------------------------------------------

const AUTH = 'AWS4-HMAC-SHA256 Credential=AKID/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00';

/** What a raw client saw: the response if one started, the bytes received, and any error. */
interface Reply {
  status?: number;
  headers?: IncomingHttpHeaders;
  body: Buffer;
  error?: NodeJS.ErrnoException;
  ms: number;
}

interface CallOptions {
  agent?: Agent;
  /** Give up (destroy the request) after this long, as a client timeout would. */
  timeoutMs?: number;
}

function call(endpoint: string, action: string, payload: unknown, options: CallOptions = {}): Promise<Reply> {
  const body = Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload));
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let reply: Omit<Reply, 'body' | 'ms'> = {};
    let settled = false;
    const settle = (error?: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      resolve({ ...reply, ...(error ? { error } : {}), body: Buffer.concat(chunks), ms: Date.now() - started });
    };
    const req = request(
      `${endpoint}/`,
      {
        method: 'POST',
        agent: options.agent,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${action}`,
          'x-amz-date': '20200101T000000Z',
          authorization: AUTH,
          'content-length': body.length,
        },
      },
      (res: IncomingMessage) => {
        reply = { status: res.statusCode ?? 0, headers: res.headers };
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => settle());
        res.on('error', (error) => settle(error));
        res.on('close', () => settle(res.complete ? undefined : Object.assign(new Error('closed early'), { code: 'EARLYCLOSE' })));
      },
    );
    req.on('error', (error) => settle(error));
    if (options.timeoutMs !== undefined) req.setTimeout(options.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.end(body);
  });
}

/** CRC32 (IEEE), bit by bit: independent of the zlib one the proxy uses. */
function referenceCrc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function json(reply: Reply): Record<string, unknown> {
  return JSON.parse(reply.body.toString('utf8')) as Record<string, unknown>;
}

function expectSocketError(reply: Reply): void {
  expect(reply.error, `expected a socket error, got status ${reply.status}`).toBeDefined();
  expect(['ECONNRESET', 'EARLYCLOSE']).toContain(reply.error?.code);
  expect(reply.error?.message).toMatch(/ECONNRESET|socket hang up|aborted|closed early/);
}

// --- fixtures ---------------------------------------------------------------------------------

const { server: dynamo, proxy } = useFaultProxy();
let agent: Agent;
let nextKey = 0;
const key = (): string => `k${++nextKey}`;

const direct = (action: string, payload: unknown): Promise<Reply> => call(dynamo.endpoint, action, payload, { agent });
const via = (action: string, payload: unknown, options: CallOptions = {}): Promise<Reply> =>
  call(proxy.endpoint, action, payload, { agent, ...options });

const put = (pk: string, table = 'items'): { TableName: string; Item: unknown } => ({ TableName: table, Item: { pk: { S: pk }, v: { N: '1' } } });
const get = (pk: string, table = 'items'): { TableName: string; Key: unknown; ConsistentRead: true } => ({
  TableName: table,
  Key: { pk: { S: pk } },
  ConsistentRead: true,
});

async function stored(pk: string, table = 'items'): Promise<boolean> {
  const reply = await direct('GetItem', get(pk, table));
  expect(reply.status).toBe(200);
  return json(reply)['Item'] !== undefined;
}

/** Stores an item, reads it straight from dynalite, then through the proxy with `kind` scripted. */
async function readWith(kind: FaultKind): Promise<{ full: Reply; reply: Reply }> {
  const pk = key();
  await direct('PutItem', put(pk));
  const full = await direct('GetItem', get(pk));
  proxy.script({ kind });
  return { full, reply: await via('GetItem', get(pk)) };
}

async function createTable(name: string): Promise<void> {
  const reply = await direct('CreateTable', {
    TableName: name,
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  });
  expect(reply.status).toBe(200);
  for (;;) {
    const table = json(await direct('DescribeTable', { TableName: name }))['Table'] as { TableStatus: string };
    if (table.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  agent = new Agent({ keepAlive: true });
  await createTable('items');
  await createTable('others');
});

afterAll(() => agent.destroy());

// --- tests ------------------------------------------------------------------------------------

describe('fault proxy: forwarding', () => {
  it('passes a request through unchanged when no fault is set', async () => {
    const pk = key();
    const reply = await via('PutItem', put(pk));
    expect(reply.status).toBe(200);
    expect(reply.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(reply.body)));
    expect(await stored(pk)).toBe(true);
    const read = await via('GetItem', get(pk));
    expect(json(read)['Item']).toEqual({ pk: { S: pk }, v: { N: '1' } });
    expect(proxy.stats).toMatchObject({ requests: 2, forwarded: 2, log: [{ action: 'PutItem', fault: null }, { action: 'GetItem', fault: null }] });
  });

  it('copies method, path, headers and body byte-exact, fixes host, keeps the upstream crc, and keeps connections alive', async () => {
    const seen: { method: string | undefined; url: string | undefined; headers: IncomingHttpHeaders; body: Buffer; port: number | undefined }[] = [];
    const upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks), port: req.socket.remotePort });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amz-crc32': '12345', 'x-amzn-requestid': 'UP' }).end('{"ok":1}');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamEndpoint = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const own = await startFaultProxy({ upstream: upstreamEndpoint });
    const clientAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const payload = '{"TableName":"t",  "Key":{"pk":{"S":"é ✓"}}}';
      const first = await call(own.endpoint, 'GetItem', payload, { agent: clientAgent });
      const second = await call(own.endpoint, 'GetItem', payload, { agent: clientAgent });
      for (const reply of [first, second]) {
        expect(reply.status).toBe(200);
        expect(reply.body.toString()).toBe('{"ok":1}');
        expect(reply.headers?.['x-amz-crc32']).toBe('12345');
        expect(reply.headers?.['x-amzn-requestid']).toBe('UP');
      }
      expect(seen).toHaveLength(2);
      expect(seen[0]?.method).toBe('POST');
      expect(seen[0]?.url).toBe('/');
      expect(seen[0]?.body.equals(Buffer.from(payload))).toBe(true);
      expect(seen[0]?.headers).toMatchObject({
        host: upstreamEndpoint.slice('http://'.length),
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.GetItem',
        'x-amz-date': '20200101T000000Z',
        authorization: AUTH,
        'content-length': String(Buffer.byteLength(payload)),
      });
      expect(seen[1]?.port).toBe(seen[0]?.port);
      expect(own.openSockets()).toBe(1);
    } finally {
      clientAgent.destroy();
      await own.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('refuses an upstream that is not on loopback', async () => {
    await expect(startFaultProxy({ upstream: 'http://10.0.0.1:8000' })).rejects.toThrow(/loopback/);
    await expect(startFaultProxy({ upstream: 'https://127.0.0.1:8000' })).rejects.toThrow(/loopback/);
  });
});

describe('fault proxy: errors answered without forwarding', () => {
  const cases: [FaultKind, number, string, 'message' | 'Message'][] = [
    ['throttle', 400, 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', 'message'],
    ['throttling-exception', 400, 'com.amazon.coral.availability#ThrottlingException', 'Message'],
    ['http500', 500, 'com.amazonaws.dynamodb.v20120810#InternalServerError', 'message'],
    ['unknown-error', 400, 'com.amazonaws.dynamodb.v20120810#SomethingNewException', 'message'],
  ];
  it.each(cases)('%s: %i %s with a correct crc and a request id; the write never happens', async (kind, status, type, messageField) => {
    const pk = key();
    proxy.script({ kind });
    const reply = await via('PutItem', put(pk));
    expect(reply.status).toBe(status);
    const body = json(reply);
    expect(body['__type']).toBe(type);
    expect(typeof body[messageField]).toBe('string');
    expect(Object.keys(body)).toEqual(['__type', messageField]);
    expect(reply.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(reply.body)));
    expect(reply.headers?.['content-length']).toBe(String(reply.body.length));
    expect(reply.headers?.['x-amzn-requestid']).toMatch(/^[A-Z0-9]{52}$/);
    expect(await stored(pk)).toBe(false);
    expect(proxy.stats.forwarded).toBe(0);
    expect(proxy.stats.faults[kind]).toBe(1);
  });

  it('http503: a load-balancer page with no __type, crc or request id', async () => {
    const pk = key();
    proxy.script({ kind: 'http503' });
    const reply = await via('PutItem', put(pk));
    expect(reply.status).toBe(503);
    expect(reply.headers?.['content-type']).toBe('text/html');
    expect(reply.body.toString()).not.toContain('__type');
    expect(() => json(reply)).toThrow();
    expect(reply.headers?.['x-amz-crc32']).toBeUndefined();
    expect(reply.headers?.['x-amzn-requestid']).toBeUndefined();
    expect(await stored(pk)).toBe(false);
  });
});

describe('fault proxy: connection faults', () => {
  it('reset-before: the client sees a reset and the write never reaches the server', async () => {
    const pk = key();
    proxy.script({ kind: 'reset-before' });
    expectSocketError(await via('PutItem', put(pk)));
    expect(await stored(pk)).toBe(false);
    expect(proxy.stats).toMatchObject({ requests: 1, forwarded: 0 });
  });

  it('reset-after: the client sees a reset but the write was applied', async () => {
    const pk = key();
    proxy.script({ kind: 'reset-after' });
    const reply = await via('PutItem', put(pk));
    expectSocketError(reply);
    expect(reply.status).toBeUndefined();
    expect(await stored(pk)).toBe(true);
    expect(proxy.stats).toMatchObject({ requests: 1, forwarded: 1 });
  });

  it('reset-mid-body: status and headers arrive, then part of the body, then a reset', async () => {
    const { full, reply } = await readWith('reset-mid-body');
    expectSocketError(reply);
    expect(reply.status).toBe(200);
    expect(reply.headers?.['content-length']).toBe(String(full.body.length));
    expect(reply.body.length).toBeLessThan(full.body.length);
    expect(full.body.subarray(0, reply.body.length).equals(reply.body)).toBe(true);
  });

  it('truncate: original length and crc, half the body, then the connection ends', async () => {
    const { full, reply } = await readWith('truncate');
    expect(reply.error).toBeDefined();
    expect(reply.status).toBe(200);
    expect(reply.headers?.['content-length']).toBe(String(full.body.length));
    expect(reply.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(full.body)));
    expect(reply.body.equals(full.body.subarray(0, Math.floor(full.body.length / 2)))).toBe(true);
  });

  it('delay: holds the real response for delayMs', async () => {
    const pk = key();
    proxy.script({ kind: 'delay', delayMs: 300 });
    const reply = await via('PutItem', put(pk));
    expect(reply.status).toBe(200);
    expect(reply.ms).toBeGreaterThanOrEqual(280);
    expect(reply.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(reply.body)));
  });

  it('delay: a client that times out is coped with, and the write was still applied', async () => {
    const pk = key();
    proxy.script({ kind: 'delay', delayMs: 5000 });
    const reply = await via('PutItem', put(pk), { agent: new Agent(), timeoutMs: 100 });
    expect(reply.error?.code).toBe('ETIMEDOUT');
    await eventually(() => proxy.openRequests() === 0, 'the timed-out request to close at the proxy');
    expect(await stored(pk)).toBe(true);
    expect((await via('GetItem', get(pk))).status).toBe(200);
  });
});

describe('fault proxy: body faults', () => {
  it('bad-crc: the real body with a wrong x-amz-crc32', async () => {
    const { full, reply } = await readWith('bad-crc');
    expect(reply.status).toBe(200);
    expect(reply.body.equals(full.body)).toBe(true);
    expect(reply.headers?.['content-length']).toBe(String(full.body.length));
    expect(reply.headers?.['x-amz-crc32']).toMatch(/^\d+$/);
    expect(reply.headers?.['x-amz-crc32']).not.toBe(String(referenceCrc32(reply.body)));
  });

  it('malformed-json: 200, not JSON, with a correct crc for the broken body', async () => {
    const { full, reply } = await readWith('malformed-json');
    expect(reply.status).toBe(200);
    expect(() => json(reply)).toThrow(SyntaxError);
    expect(reply.body.length).toBeGreaterThan(0);
    expect(full.body.subarray(0, reply.body.length).equals(reply.body)).toBe(true);
    expect(reply.headers?.['content-length']).toBe(String(reply.body.length));
    expect(reply.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(reply.body)));
  });
});

describe('fault proxy: unprocessed', () => {
  const putRequest = (pk: string): unknown => ({ PutRequest: { Item: { pk: { S: pk }, v: { N: '1' } } } });

  it('BatchWriteItem: writes only the first half of each table and lists the rest as UnprocessedItems', async () => {
    const items = Array.from({ length: 5 }, key);
    const others = Array.from({ length: 2 }, key);
    proxy.script({ kind: 'unprocessed' });
    const reply = await via('BatchWriteItem', { RequestItems: { items: items.map(putRequest), others: others.map(putRequest) } });
    expect(reply.status).toBe(200);
    expect(reply.headers?.['content-length']).toBe(String(reply.body.length));
    expect(reply.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(reply.body)));
    expect(json(reply)['UnprocessedItems']).toEqual({ items: items.slice(3).map(putRequest), others: others.slice(1).map(putRequest) });
    for (const pk of items) expect(await stored(pk)).toBe(items.indexOf(pk) < 3);
    for (const pk of others) expect(await stored(pk, 'others')).toBe(pk === others[0]);

    const resent = await via('BatchWriteItem', { RequestItems: json(reply)['UnprocessedItems'] });
    expect(json(resent)['UnprocessedItems']).toEqual({});
    for (const pk of [...items, ...others.slice(1)]) expect(await stored(pk, items.includes(pk) ? 'items' : 'others')).toBe(true);
  });

  it('BatchWriteItem of one item per table moves the last table; of one item, forwards nothing', async () => {
    const [a, b, c] = [key(), key(), key()];
    proxy.script({ kind: 'unprocessed' }, { kind: 'unprocessed' });
    const two = await via('BatchWriteItem', { RequestItems: { items: [putRequest(a)], others: [putRequest(b)] } });
    expect(json(two)['UnprocessedItems']).toEqual({ others: [putRequest(b)] });
    expect(await stored(a)).toBe(true);
    expect(await stored(b, 'others')).toBe(false);

    const one = await via('BatchWriteItem', { RequestItems: { items: [putRequest(c)] } });
    expect(one.status).toBe(200);
    expect(one.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(one.body)));
    expect(json(one)).toEqual({ UnprocessedItems: { items: [putRequest(c)] } });
    expect(await stored(c)).toBe(false);
    expect(proxy.stats.forwarded).toBe(1);
  });

  it('BatchGetItem: returns half the keys and the rest as UnprocessedKeys with the table options kept', async () => {
    const pks = Array.from({ length: 4 }, key);
    for (const pk of pks) await direct('PutItem', put(pk));
    const options = { ProjectionExpression: '#p', ExpressionAttributeNames: { '#p': 'pk' }, ConsistentRead: true };
    const keys = pks.map((pk) => ({ pk: { S: pk } }));
    proxy.script({ kind: 'unprocessed' });
    const reply = await via('BatchGetItem', { RequestItems: { items: { Keys: keys, ...options } } });
    expect(reply.status).toBe(200);
    expect(reply.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(reply.body)));
    const body = json(reply) as { Responses: { items: unknown[] }; UnprocessedKeys: unknown };
    expect(body.Responses.items).toHaveLength(2);
    expect(body.Responses.items).toEqual(expect.arrayContaining(keys.slice(0, 2)));
    expect(body.UnprocessedKeys).toEqual({ items: { Keys: keys.slice(2), ...options } });
  });

  it('a scripted unprocessed fault waits for a batch request', async () => {
    proxy.script({ kind: 'unprocessed' });
    expect((await via('GetItem', get(key()))).status).toBe(200);
    const reply = await via('BatchWriteItem', { RequestItems: { items: [putRequest(key()), putRequest(key())] } });
    expect(Object.keys(json(reply)['UnprocessedItems'] as object)).toEqual(['items']);
    expect(proxy.stats.log.map((d) => d.fault)).toEqual([null, 'unprocessed']);
  });

  it('a randomly drawn unprocessed fault spares other actions', async () => {
    proxy.setRandom({ seed: 3, faults: { unprocessed: 1 } });
    expect((await via('PutItem', put(key()))).status).toBe(200);
    const reply = await via('BatchWriteItem', { RequestItems: { items: [putRequest(key()), putRequest(key())] } });
    expect(Object.keys(json(reply)['UnprocessedItems'] as object)).toEqual(['items']);
    expect(proxy.stats.log).toEqual([
      { action: 'PutItem', fault: null },
      { action: 'BatchWriteItem', fault: 'unprocessed' },
    ]);
  });
});

describe('fault proxy: scripted and random modes', () => {
  it('applies scripted faults in order to the next matching requests', async () => {
    proxy.script({ kind: 'throttle', action: 'GetItem' }, { kind: 'http500' }, { kind: 'unknown-error' });
    const statuses = [];
    for (const action of ['PutItem', 'PutItem', 'GetItem', 'PutItem'] as const) {
      const reply = await via(action, action === 'PutItem' ? put(key()) : get(key()));
      statuses.push([action, reply.status, reply.status === 200 ? '' : (json(reply)['__type'] as string).split('#')[1]]);
    }
    expect(statuses).toEqual([
      ['PutItem', 500, 'InternalServerError'],
      ['PutItem', 400, 'SomethingNewException'],
      ['GetItem', 400, 'ProvisionedThroughputExceededException'],
      ['PutItem', 200, ''],
    ]);
  });

  it('counts requests, forwards and faults in total and per action', async () => {
    proxy.script({ kind: 'throttle', action: 'GetItem' }, { kind: 'bad-crc', action: 'PutItem' });
    await via('PutItem', put(key()));
    await via('PutItem', put(key()));
    await via('GetItem', get(key()));
    await via('GetItem', get(key()));
    const { stats } = proxy;
    expect(stats).toMatchObject({ requests: 4, forwarded: 3 });
    expect(stats.faults).toEqual({ ...Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])), throttle: 1, 'bad-crc': 1 });
    expect(stats.byAction['PutItem']).toMatchObject({ requests: 2, forwarded: 2, faults: { 'bad-crc': 1, throttle: 0 } });
    expect(stats.byAction['GetItem']).toMatchObject({ requests: 2, forwarded: 1, faults: { 'bad-crc': 0, throttle: 1 } });
    proxy.reset();
    expect(proxy.stats).toMatchObject({ requests: 0, forwarded: 0, byAction: {}, log: [] });
  });

  /** 40 PutItem + GetItem pairs under random faults on GetItem only: what the client saw, and the log. */
  async function randomRun(seed: number): Promise<{ seen: string[]; log: FaultDecision[] }> {
    proxy.reset();
    proxy.setRandom({ seed, faults: { throttle: 0.25, http500: 0.15, 'bad-crc': 0.1 }, actions: ['GetItem'] });
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      expect((await via('PutItem', put(key()))).status).toBe(200);
      const reply = await via('GetItem', get(key()));
      const crcOk = reply.headers?.['x-amz-crc32'] === String(referenceCrc32(reply.body));
      seen.push(reply.status === 200 ? (crcOk ? 'ok' : 'bad-crc') : String(json(reply)['__type']).split('#')[1] ?? '');
    }
    return { seen, log: proxy.stats.log };
  }

  it('random mode is reproducible from its seed and spares actions out of scope', async () => {
    const first = await randomRun(7);
    const again = await randomRun(7);
    const other = await randomRun(8);
    expect(first.log.filter((d) => d.action === 'PutItem').every((d) => d.fault === null)).toBe(true);
    expect(first.log.map((d) => d.fault ?? 'ok').filter((_, i) => i % 2 === 1)).toEqual(
      first.seen.map((s) => ({ ProvisionedThroughputExceededException: 'throttle', InternalServerError: 'http500' })[s] ?? s),
    );
    expect(again).toEqual(first);
    expect(other.seen).not.toEqual(first.seen);
    expect(new Set(first.seen)).toEqual(new Set(['ok', 'bad-crc', 'ProvisionedThroughputExceededException', 'InternalServerError']));
    proxy.setRandom(undefined);
    expect((await via('GetItem', get(key()))).status).toBe(200);
  });

  it('rejects bad random configurations and unknown kinds', () => {
    expect(() => proxy.setRandom({ seed: 1, faults: { throttle: 0.6, http500: 0.6 } })).toThrow(RangeError);
    expect(() => proxy.setRandom({ seed: 1, faults: { throttle: -0.1 } })).toThrow(RangeError);
    expect(() => proxy.setRandom({ seed: 1, faults: { nope: 0.1 } as never })).toThrow(TypeError);
    expect(() => proxy.script({ kind: 'nope' as FaultKind })).toThrow(TypeError);
  });
});

describe('fault proxy: aborts, leaks and close', () => {
  it('survives clients that abort mid-request and mid-response, and its counters return to 0', async () => {
    const own = await startFaultProxy({ upstream: dynamo.endpoint });
    const clientAgent = new Agent({ keepAlive: true });
    const viaOwn = (options: CallOptions = {}): Promise<Reply> => call(own.endpoint, 'GetItem', get(key()), { agent: clientAgent, ...options });
    try {
      // Mid-request: headers and part of the body, then the client goes away.
      await new Promise<void>((resolve) => {
        const socket = connect(Number(new URL(own.endpoint).port), '127.0.0.1', () => {
          socket.write('POST / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-amz-target: DynamoDB_20120810.PutItem\r\ncontent-length: 100\r\n\r\n{"Tab');
          void eventually(() => own.openRequests() === 1, 'the proxy to accept the partial request').then(() => socket.destroy());
        });
        socket.on('close', () => resolve());
      });
      // Mid-response: a client timeout during a delay, a reset body and a truncated body.
      own.script({ kind: 'delay', delayMs: 1000 }, { kind: 'reset-mid-body' }, { kind: 'truncate' });
      const replies = await Promise.all([viaOwn({ timeoutMs: 50 }), viaOwn(), viaOwn()]);
      for (const reply of replies) expect(reply.error).toBeDefined();
      expect((await viaOwn()).status).toBe(200);
      await eventually(() => own.openRequests() === 0 && own.openSockets() === 1, 'only the idle keep-alive socket left');
      clientAgent.destroy();
      await eventually(() => own.openRequests() === 0 && own.openSockets() === 0, 'no socket left');
      expect(own.stats).toMatchObject({ requests: 5, forwarded: 4 });
    } finally {
      clientAgent.destroy();
      await own.close();
    }
  });

  it('close() ends open sockets, pending delays and upstream calls, and is idempotent', async () => {
    const own = await startFaultProxy({ upstream: dynamo.endpoint });
    const idle = new Agent({ keepAlive: true });
    try {
      expect((await call(own.endpoint, 'ListTables', {}, { agent: idle })).status).toBe(200);
      expect(own.openSockets()).toBe(1);
      own.script({ kind: 'delay', delayMs: 10_000 });
      const pending = call(own.endpoint, 'ListTables', {}, { agent: new Agent() });
      await eventually(() => own.stats.forwarded === 2, 'the delayed request to be forwarded');
      await Promise.all([own.close(), own.close()]);
      expectSocketError(await pending);
      expect(own.openSockets()).toBe(0);
      expect((await call(own.endpoint, 'ListTables', {}, { agent: new Agent() })).error?.code).toBe('ECONNREFUSED');
    } finally {
      idle.destroy();
      await own.close();
    }
  });
});

describe('fault proxy: provisioned mode', () => {
  const PTE = 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException';
  const PTE_MESSAGE = 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.';
  const arn = (table: string): string => `arn:aws:dynamodb:us-east-1:000000000000:table/${table}`;
  /** A clock the test moves by hand: the proxy's seconds and trailing window follow it. */
  let clock = 0;
  const now = (): number => clock;

  it("answers DynamoDB's throttle, without forwarding, once the trailing second has consumed the provisioned units", async () => {
    clock = 0;
    proxy.setProvisioned({ readUnitsPerSecond: 2, writeUnitsPerSecond: 1, now });
    const [a, b, c, d] = [key(), key(), key(), key()];
    expect((await via('PutItem', put(a))).status).toBe(200);
    const throttled = await via('PutItem', put(b));
    expect(throttled.status).toBe(400);
    expect(json(throttled)).toEqual({ __type: PTE, message: PTE_MESSAGE, ThrottlingReasons: [{ reason: 'TableWriteProvisionedThroughputExceeded', resource: arn('items') }] });
    expect(throttled.headers?.['content-type']).toBe('application/x-amz-json-1.0');
    expect(throttled.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(throttled.body)));
    expect(throttled.headers?.['content-length']).toBe(String(throttled.body.length));
    expect(throttled.headers?.['x-amzn-requestid']).toMatch(/^[A-Z0-9]{52}$/);
    expect(await stored(b)).toBe(false);
    clock = 999; // the unit consumed at 0 is still in the trailing second
    expect((await via('PutItem', put(c))).status).toBe(400);
    clock = 1000;
    expect((await via('PutItem', put(d))).status).toBe(200);
    // Reads have their own account: two consistent reads of a small item use the 2 read units.
    expect((await via('GetItem', get(a))).status).toBe(200);
    expect((await via('GetItem', get(d))).status).toBe(200);
    const read = await via('GetItem', get(a));
    expect(json(read)['ThrottlingReasons']).toEqual([{ reason: 'TableReadProvisionedThroughputExceeded', resource: arn('items') }]);
    expect(proxy.stats.throughput).toEqual({
      forwarded: 4,
      throttled: 3,
      seconds: [
        { read: 0, write: 1, forwarded: 1, throttled: 2, byTable: { items: { read: 0, write: 1 } } },
        { read: 2, write: 1, forwarded: 3, throttled: 1, byTable: { items: { read: 2, write: 1 } } },
      ],
    });
    expect(proxy.stats.faults.throttle).toBe(3);
    expect(proxy.stats.forwarded).toBe(4);
    expect(proxy.stats.log.map((d) => d.fault)).toEqual([null, 'throttle', 'throttle', null, null, null, 'throttle']);
  });

  it('asks the server for ConsumedCapacity, and the client sees it only when it asked', async () => {
    clock = 0;
    proxy.setProvisioned({ readUnitsPerSecond: 1000, writeUnitsPerSecond: 1000, now });
    const bodies: Record<string, Record<string, unknown>> = {};
    for (const asked of [undefined, 'NONE', 'TOTAL', 'INDEXES'] as const) {
      const reply = await via('PutItem', { ...put(key()), ...(asked ? { ReturnConsumedCapacity: asked } : {}) });
      expect(reply.status).toBe(200);
      expect(reply.headers?.['x-amz-crc32']).toBe(String(referenceCrc32(reply.body)));
      expect(reply.headers?.['content-length']).toBe(String(reply.body.length));
      bodies[asked ?? 'absent'] = json(reply);
    }
    expect(bodies).toEqual({
      absent: {},
      NONE: {},
      TOTAL: { ConsumedCapacity: { CapacityUnits: 1, TableName: 'items' } },
      INDEXES: { ConsumedCapacity: { CapacityUnits: 1, TableName: 'items', Table: { CapacityUnits: 1 } } },
    });
    expect(proxy.stats.throughput.seconds[0]?.write).toBe(4);
  });

  it('charges what the server reports for scans and batches, per table, and lets other actions through uncounted', async () => {
    const big = (pk: string): unknown => ({ PutRequest: { Item: { pk: { S: pk }, blob: { S: 'x'.repeat(3000) } } } });
    for (let i = 0; i < 10; i++) await direct('PutItem', { TableName: 'others', Item: { pk: { S: key() }, blob: { S: 'y'.repeat(5000) } } });
    const scanned = json(await direct('Scan', { TableName: 'others', ReturnConsumedCapacity: 'TOTAL' }))['ConsumedCapacity'] as { CapacityUnits: number };
    expect(scanned.CapacityUnits).toBeGreaterThan(5);
    clock = 0;
    proxy.setProvisioned({ readUnitsPerSecond: 1000, writeUnitsPerSecond: 1000, now });
    const scan = await via('Scan', { TableName: 'others' });
    expect(json(scan)['ConsumedCapacity']).toBeUndefined();
    expect((json(scan)['Items'] as unknown[]).length).toBeGreaterThanOrEqual(10);
    clock = 2500;
    const batch = await via('BatchWriteItem', { RequestItems: { items: [big(key()), big(key())], others: [big(key())] }, ReturnConsumedCapacity: 'TOTAL' });
    expect(json(batch)['ConsumedCapacity']).toEqual([
      { CapacityUnits: 6, TableName: 'items' },
      { CapacityUnits: 3, TableName: 'others' },
    ]);
    expect((await via('DescribeTable', { TableName: 'items' })).status).toBe(200);
    expect((await via('ListTables', {})).status).toBe(200);
    expect(proxy.stats.throughput).toEqual({
      forwarded: 2,
      throttled: 0,
      seconds: [
        { read: scanned.CapacityUnits, write: 0, forwarded: 1, throttled: 0, byTable: { others: { read: scanned.CapacityUnits, write: 0 } } },
        { read: 0, write: 0, forwarded: 0, throttled: 0, byTable: {} },
        { read: 0, write: 9, forwarded: 1, throttled: 0, byTable: { items: { read: 0, write: 6 }, others: { read: 0, write: 3 } } },
      ],
    });
    expect(proxy.stats.forwarded).toBe(4);
  });

  it('counts only the tables named, and leaves requests to scripted faults first', async () => {
    clock = 0;
    proxy.setProvisioned({ readUnitsPerSecond: 1, writeUnitsPerSecond: 1, tables: ['items'], now });
    for (let i = 0; i < 3; i++) expect((await via('PutItem', put(key(), 'others'))).status).toBe(200);
    expect((await via('PutItem', put(key()))).status).toBe(200);
    proxy.script({ kind: 'http500' });
    expect((await via('PutItem', put(key()))).status).toBe(500);
    expect((await via('PutItem', put(key()))).status).toBe(400);
    expect(proxy.stats.throughput).toMatchObject({ forwarded: 1, throttled: 1, seconds: [{ write: 1, byTable: { items: { write: 1 } } }] });
    expect(proxy.stats.faults).toMatchObject({ http500: 1, throttle: 1 });
  });

  it('burst: each whole second banks what it left unused, up to burstSeconds of the rate', async () => {
    clock = 0;
    proxy.setProvisioned({ readUnitsPerSecond: 1, writeUnitsPerSecond: 2, burstSeconds: 3, now });
    expect((await via('PutItem', put(key()))).status).toBe(200); // second 0 leaves 1 of its 2 units unused
    clock = 5000; // seconds 1 to 4 leave 2 each: 9 banked, capped at 3 seconds of 2 units
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await via('PutItem', put(key()))).status ?? 0);
    // 2 from the trailing second, 6 from the bank, then throttled.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 400, 400]);
    clock = 5999; // the trailing second still holds the 8 units; second 5 is not over, so nothing new is banked
    expect((await via('PutItem', put(key()))).status).toBe(400);
    clock = 6000; // the 8 units leave the trailing second; second 5 used them all, so the bank stays empty
    expect((await via('PutItem', put(key()))).status).toBe(200);
    expect((await via('PutItem', put(key()))).status).toBe(200);
    expect((await via('PutItem', put(key()))).status).toBe(400);
  });

  it('refuses bad figures; setProvisioned(undefined) and reset() leave the mode', async () => {
    expect(() => proxy.setProvisioned({ readUnitsPerSecond: 0, writeUnitsPerSecond: 1 })).toThrow(/readUnitsPerSecond must be a number > 0, got 0/);
    expect(() => proxy.setProvisioned({ readUnitsPerSecond: 1, writeUnitsPerSecond: Number.NaN })).toThrow(/writeUnitsPerSecond/);
    expect(() => proxy.setProvisioned({ readUnitsPerSecond: 1, writeUnitsPerSecond: 1, burstSeconds: -1 })).toThrow(/burstSeconds must be a number >= 0/);
    clock = 0;
    for (const leave of [() => proxy.setProvisioned(undefined), () => proxy.reset()]) {
      proxy.setProvisioned({ readUnitsPerSecond: 1, writeUnitsPerSecond: 1, now });
      expect((await via('PutItem', put(key()))).status).toBe(200);
      expect((await via('PutItem', put(key()))).status).toBe(400);
      leave();
      for (let i = 0; i < 3; i++) expect((await via('PutItem', put(key()))).status).toBe(200);
    }
    expect(proxy.stats.throughput).toEqual({ forwarded: 0, throttled: 0, seconds: [] });
  });

  // Measured: 12 batches of 25 forwarded, 93 to 98 throttled; 100 units in each of 3 seconds.
  it('an unpaced bulk load through it is heavily throttled, and each second consumes no more than the provisioned units', async () => {
    const rate = 100;
    proxy.setProvisioned({ readUnitsPerSecond: rate, writeUnitsPerSecond: rate });
    const db = localClient(proxy.endpoint, { maxRetries: 50, retry: { throttlingBaseDelayMs: 20, maxDelayMs: 200, quota: Infinity } });
    const pks = Array.from({ length: 300 }, key);
    await lastValueFrom(from(pks.map((pk) => ({ put: { pk, v: 1 } }))).pipe(db.bulkWrite('items')));
    const seconds = proxy.stats.throughput.seconds;
    const { forwarded, throttled } = proxy.stats.throughput;
    const writes = seconds.reduce((sum, s) => sum + s.write, 0);
    expect(writes).toBe(300);
    expect(throttled / (forwarded + throttled)).toBeGreaterThan(0.5);
    for (const second of seconds) expect(second.write).toBeLessThanOrEqual(rate);
    expect(seconds.length).toBeGreaterThanOrEqual(3);
    for (const pk of pks.filter((_, i) => i % 30 === 0)) expect(await stored(pk)).toBe(true);
  });
});
