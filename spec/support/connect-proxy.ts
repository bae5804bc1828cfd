import { createServer, request as httpRequest, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { KeyPair } from './tls.js';

/** One request the proxy handled: a CONNECT tunnel (`target` is `host:port`) or a forwarded http request (`target` is the absolute URL). */
export interface Proxied {
  method: string;
  target: string;
  /** The `Proxy-Authorization` header, decoded from Basic (`user:password`), if any. */
  credentials: string | undefined;
}

/** A proxy on 127.0.0.1 that records what went through it. */
export interface ProxyStandIn {
  /** `http://127.0.0.1:<port>`, or `https://` with `tls` */
  url: string;
  /** Every request, in order; refused ones too. */
  proxied: Proxied[];
  /** Tunnels open right now. */
  readonly openTunnels: number;
  /** Client connections to the proxy open right now. */
  readonly openConnections: number;
  close(): Promise<void>;
}

/** Options of {@link startConnectProxy}. */
export interface ProxyOptions {
  /** `user:password` the proxy asks for (407 without it). @default none asked */
  credentials?: string;
  /** Holds CONNECT requests unanswered (for cancellation specs). @default false */
  hold?: boolean;
  /**
   * Statuses the proxy answers itself, with an HTML page as proxies do, to its first requests (CONNECT or
   * forwarded), one each in order; later requests go through. @default none
   */
  refusals?: number[];
  /** Speaks TLS with this key and certificate: an `https://` proxy. @default plain http */
  tls?: KeyPair;
}

/** A proxy's own error page. */
const errorPage = (status: number): string => `<html><head><title>${status} ${STATUS_CODES[status]}</title></head><body><h1>${STATUS_CODES[status]}</h1><p>proxy stand-in</p></body></html>`;

const decode = (header: string | undefined): string | undefined =>
  header?.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8') : undefined;

/**
 * Starts an HTTP proxy on a random loopback port, as corporate proxies work: CONNECT opens a TCP tunnel
 * (for https targets), and requests with an absolute URL are forwarded (http targets). It answers 407 when
 * `credentials` are set and the request's `Proxy-Authorization` does not carry them, and `refusals` with pages
 * of its own. With `tls` it is an https proxy (TLS to the proxy, then CONNECT or forwarding inside it).
 */
export async function startConnectProxy(options: ProxyOptions = {}): Promise<ProxyStandIn> {
  const proxied: Proxied[] = [];
  const sockets = new Set<Socket>();
  let openTunnels = 0;
  let openConnections = 0;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const admitted = (request: IncomingMessage): boolean => {
    const credentials = decode(request.headers['proxy-authorization']);
    proxied.push({ method: request.method ?? '', target: request.url ?? '', credentials });
    return options.credentials === undefined || credentials === options.credentials;
  };
  const refusals = [...(options.refusals ?? [])];
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    if (!admitted(request)) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end('proxy authentication required');
      return;
    }
    const refusal = refusals.shift();
    if (refusal !== undefined) {
      response.writeHead(refusal, { 'content-type': 'text/html' }).end(errorPage(refusal));
      return;
    }
    const forward = httpRequest(request.url ?? '', { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  };
  const server = options.tls === undefined ? createServer(handle) : createHttpsServer(options.tls, handle);
  server.on('connection', (socket: Socket) => {
    track(socket);
    openConnections += 1;
    socket.on('close', () => (openConnections -= 1));
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    if (!admitted(request)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const refusal = refusals.shift();
    if (refusal !== undefined) {
      const page = errorPage(refusal);
      client.end(`HTTP/1.1 ${refusal} ${STATUS_CODES[refusal]}\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\nConnection: close\r\n\r\n${page}`);
      return;
    }
    if (options.hold) {
      // Read (and drop) what comes, so that the client closing its end is seen (the socket is half-open then).
      client.resume();
      client.on('end', () => client.destroy());
      return;
    }
    const [host = '', port = ''] = (request.url ?? '').split(/:(?=\d+$)/);
    let open = false;
    const upstream = connect(Number(port), host.replace(/^\[|\]$/g, ''), () => {
      open = true;
      openTunnels += 1;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    track(upstream);
    upstream.on('close', () => {
      if (open) openTunnels -= 1;
      client.destroy();
    });
    for (const side of [client, upstream]) side.on('error', () => side.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    proxied,
    get openTunnels() {
      return openTunnels;
    },
    get openConnections() {
      return openConnections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
