import {
  Agent,
  createServer,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { crc32 } from 'node:zlib';
import { FaultPicker, mulberry32, type FaultKind, type RandomFaultConfig, type ScriptedFault } from './fault-proxy/faults.js';
import { chargedRequest, consumedUnits, type ChargedRequest } from './fault-proxy/consumed-capacity.js';
import { ProvisionedThroughput, emptyThroughput, type ProvisionedConfig } from './fault-proxy/provisioned.js';
import { errorResponse, isErrorFault, jsonResponse, throughputExceeded, type CannedResponse, type ErrorFault } from './fault-proxy/responses.js';
import { count, emptyStats, type FaultStats } from './fault-proxy/stats.js';
import { mergeUnprocessed, splitBatch } from './fault-proxy/unprocessed.js';

export { FAULT_KINDS, type FaultKind, type RandomFaultConfig, type ScriptedFault } from './fault-proxy/faults.js';
export type { CapacityKind, ProvisionedConfig, TableUnits, ThroughputSecond, ThroughputStats } from './fault-proxy/provisioned.js';
export type { FaultCounts, FaultDecision, FaultStats } from './fault-proxy/stats.js';

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Where requests go: a loopback `http://` endpoint, e.g. dynalite's. */
  upstream: string;
  /** Seed of the `x-amzn-RequestId` values the proxy makes up for its own answers. Default 1. */
  seed?: number;
  /** Called with the headers of each request as it arrives (e.g. to collect the signatures sent). */
  onRequest?: (headers: IncomingHttpHeaders) => void;
}

/** An HTTP proxy in front of a local DynamoDB that injects faults into chosen requests. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** Live counters: requests seen and forwarded, faults injected, per action, and the decision log. */
  readonly stats: FaultStats;
  /** Queue faults for the next matching requests, in order (scripted mode, ahead of random mode). */
  script(...faults: ScriptedFault[]): void;
  /** Random mode: each request gets a fault with the given probabilities, reproducibly from `seed`. */
  setRandom(config: RandomFaultConfig | undefined): void;
  /**
   * Provisioned mode (`undefined` leaves it): throttles like a table with provisioned capacity. A request
   * that reads or writes items (GetItem, Query, Scan, BatchGetItem, TransactGetItems; PutItem, UpdateItem,
   * DeleteItem, BatchWriteItem, TransactWriteItems) and that no scripted or random fault took is answered
   * 400 `ProvisionedThroughputExceededException` without being forwarded when, for one of its tables, the
   * units consumed in the trailing second plus those reserved by requests in flight (one per item named)
   * reach the provisioned figure;
   * else it is forwarded with `ReturnConsumedCapacity: 'TOTAL'` (when the client asked for none), its
   * units read from the response's `ConsumedCapacity` (as the upstream computes them, which the client
   * reads too) and taken out again if the client had not asked. Errors consume nothing. Each table has its
   * own account; a batch is throttled whole. Counts go to `stats.throughput`, afresh at each call.
   */
  setProvisioned(config: ProvisionedConfig | undefined): void;
  /** Requests accepted but not finished (answered or closed). */
  openRequests(): number;
  /** Client sockets currently open. */
  openSockets(): number;
  /** Clear the script, random and provisioned modes, and stats. */
  reset(): void;
  /** Stop listening and close every socket, pending timer and upstream request. */
  close(): Promise<void>;
}

/** A fully buffered upstream response. */
interface Upstream {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The faults that spoil a real upstream response on its way back to the client. */
type ResponseFault = Exclude<FaultKind, ErrorFault | 'reset-before' | 'unprocessed'>;

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect'];

/** Writes a whole response, unless the client has gone. */
function send(res: ServerResponse, { status, headers, body }: CannedResponse): void {
  if (!res.closed) res.writeHead(status, headers).end(body);
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

/**
 * Resets the connection (the client sees ECONNRESET). A socket whose client already hung up is just
 * destroyed: resetAndDestroy() on it never completes, and the socket never emits 'close'.
 */
function reset(socket: Socket): void {
  if (socket.destroyed || socket.readableEnded) socket.destroy();
  else socket.resetAndDestroy();
}

/** The region of a request's SigV4 credential scope (`Credential=AKID/20200101/<region>/dynamodb/...`), else us-east-1. */
function signingRegion(req: IncomingMessage): string {
  return /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? 'us-east-1';
}

/** Makes up DynamoDB-like request ids (52 characters, A-Z and 0-9) from a seed. */
function requestIds(seed: number): () => string {
  const next = mulberry32(seed);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return () => Array.from({ length: 52 }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

/** Starts a fault-injecting proxy on a random 127.0.0.1 port in front of `options.upstream`. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  if (upstream.protocol !== 'http:' || !LOOPBACK.test(upstream.hostname)) {
    throw new Error(`fault proxy forwards only to a loopback http endpoint, not ${options.upstream}`);
  }
  const picker = new FaultPicker();
  const stats = emptyStats();
  const requestId = requestIds(options.seed ?? 1);
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const upstreamRequests = new Set<ClientRequest>();
  const timers = new Set<NodeJS.Timeout>();
  let open = 0;
  let provisioned: ProvisionedThroughput | undefined;

  function forward(req: IncomingMessage, action: string, body: Buffer): Promise<Upstream | undefined> {
    count(stats, action, (c) => c.forwarded++);
    return new Promise((resolve) => {
      const headers = { ...withoutHopByHop(req.headers), host: upstream.host, 'content-length': String(body.length) };
      const hostname = upstream.hostname.replace(/^\[|\]$/g, '');
      const out = httpRequest({ hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', () => resolve(undefined));
      });
      upstreamRequests.add(out);
      out.on('close', () => upstreamRequests.delete(out));
      out.on('error', () => resolve(undefined));
      out.end(body);
    });
  }

  /** The upstream's answer as it came, or a bare 502 when the upstream failed. */
  function passThrough(up: Upstream | undefined): CannedResponse {
    if (!up) return { status: 502, headers: { 'content-length': 0 }, body: Buffer.alloc(0) };
    return { status: up.status, headers: { ...withoutHopByHop(up.headers), 'content-length': up.body.length }, body: up.body };
  }

  async function serve(req: IncomingMessage, res: ServerResponse, action: string, body: Buffer): Promise<void> {
    const fault = picker.pick(action);
    const charged = !fault && provisioned ? chargedRequest(action, body) : undefined;
    if (charged) return serveProvisioned(req, res, action, charged);
    stats.log.push({ action, fault: fault?.kind ?? null });
    if (!fault) return send(res, passThrough(await forward(req, action, body)));
    const { kind, delayMs } = fault;
    count(stats, action, (c) => c.faults[kind]++);
    if (isErrorFault(kind)) return send(res, errorResponse(kind, requestId()));
    if (kind === 'reset-before') return void reset(req.socket);
    if (kind === 'unprocessed') return send(res, await unprocessed(req, action, body));
    const up = await forward(req, action, body);
    if (!up || res.closed) return send(res, passThrough(up));
    spoil(kind, delayMs, req, res, up);
  }

  /** The provisioned mode: throttle, or forward and charge what the response says was consumed. */
  async function serveProvisioned(req: IncomingMessage, res: ServerResponse, action: string, charged: ChargedRequest): Promise<void> {
    const admission = provisioned!.admit(charged.kind, charged.items);
    if ('throttledBy' in admission) {
      stats.log.push({ action, fault: 'throttle' });
      count(stats, action, (c) => c.faults.throttle++);
      return send(res, throughputExceeded(charged.kind, admission.throttledBy, signingRegion(req), requestId()));
    }
    stats.log.push({ action, fault: null });
    const up = await forward(req, action, charged.body);
    const consumed = up?.status === 200 ? consumedUnits(up.body, charged.asked) : undefined;
    admission.admitted.settle(consumed?.units ?? new Map());
    if (!up || !consumed?.stripped) return send(res, passThrough(up));
    send(res, jsonResponse(200, withoutHopByHop(up.headers), consumed.stripped));
  }

  /** The `unprocessed` fault: forward part of a batch, answer the rest as unprocessed. */
  async function unprocessed(req: IncomingMessage, action: string, body: Buffer): Promise<CannedResponse> {
    const split = splitBatch(action, body);
    if (!split) return passThrough(await forward(req, action, body));
    const up = split.forward ? await forward(req, action, split.forward) : undefined;
    if (split.forward && up?.status !== 200) return passThrough(up);
    const merged = mergeUnprocessed(action, up?.body, split.moved);
    const headers = up ? withoutHopByHop(up.headers) : { 'x-amzn-RequestId': requestId() };
    return merged ? jsonResponse(200, headers, merged) : passThrough(up);
  }

  /** Applies a {@link ResponseFault} to the upstream's response `up`. */
  function spoil(kind: ResponseFault, delayMs: number, req: IncomingMessage, res: ServerResponse, up: Upstream): void {
    const half = up.body.subarray(0, Math.floor(up.body.length / 2));
    const original = passThrough(up);
    switch (kind) {
      case 'reset-after':
        return void reset(req.socket);
      case 'reset-mid-body':
      case 'truncate':
        res.writeHead(original.status, original.headers);
        res.write(half, () => (kind === 'truncate' ? req.socket.end() : reset(req.socket)));
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send(res, original);
        }, delayMs);
        timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'bad-crc':
        return send(res, { ...original, headers: { ...original.headers, 'x-amz-crc32': String((crc32(up.body) ^ 0xffffffff) >>> 0) } });
      case 'malformed-json':
        return send(res, jsonResponse(200, withoutHopByHop(up.headers), half));
    }
  }

  const server = createServer({ keepAlive: true }, (req, res) => {
    options.onRequest?.(req.headers);
    open++;
    // A response's 'close' does not always come when the client's socket goes first (seen when the
    // client aborts while the proxy waits on the upstream): whichever closes first ends the request.
    // The socket listener goes when the request ends: a keep-alive socket serves many requests.
    const socket = req.socket;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      open--;
      socket.off('close', finish);
    };
    res.on('close', finish);
    socket.once('close', finish);
    res.on('error', () => res.destroy());
    req.on('error', () => res.destroy());
    const target = req.headers['x-amz-target'];
    const action = typeof target === 'string' ? target.slice(target.indexOf('.') + 1) : '';
    count(stats, action, (c) => c.requests++);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!res.closed) {
        serve(req, res, action, Buffer.concat(chunks))
          .catch(() => res.destroy())
          .finally(() => {
            if (socket.destroyed) finish();
          });
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    picker.clear();
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const out of upstreamRequests) out.destroy();
    agent.destroy();
    const socketsClosed = [...sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve).destroy()));
    const serverClosed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    return Promise.all([serverClosed, ...socketsClosed]).then(() => undefined);
  };

  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    script: (...faults) => picker.script(faults),
    setRandom: (config) => picker.setRandom(config),
    setProvisioned: (config) => {
      stats.throughput = emptyThroughput();
      provisioned = config && new ProvisionedThroughput(config, stats.throughput);
    },
    openRequests: () => open,
    openSockets: () => sockets.size,
    reset: () => {
      picker.clear();
      provisioned = undefined;
      Object.assign(stats, emptyStats());
    },
    close: () => (closing ??= shutdown()),
  };
}
