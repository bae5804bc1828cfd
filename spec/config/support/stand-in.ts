import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

/** A request the stand-in received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A local HTTP server on 127.0.0.1 standing in for a metadata endpoint. */
export interface StandIn {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  received: Received[];
  /** Resolves when a request's connection closes before the stand-in answered it. */
  aborted: Promise<void>;
}

/**
 * Starts a stand-in answering with `handle` (given the request's index); it closes when the test ends.
 * A handler that does nothing leaves the request hanging, for timeout tests.
 */
export async function standIn(handle: (request: IncomingMessage, response: ServerResponse, index: number) => void): Promise<StandIn> {
  const received: Received[] = [];
  let signalAborted = (): void => {};
  const aborted = new Promise<void>((resolve) => {
    signalAborted = resolve;
  });
  const server = createServer((request, response) => {
    received.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers });
    response.on('close', () => {
      if (!response.writableEnded) signalAborted();
    });
    handle(request, response, received.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, received, aborted };
}

/** Answers with a JSON body. */
export function json(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** A container endpoint stand-in answering credentials with the given key id. */
export function containerStandIn(id: string): Promise<StandIn> {
  return standIn((_request, response) => json(response, { AccessKeyId: id, SecretAccessKey: 's', Token: 't' }));
}

/** An IMDSv2 stand-in whose role credentials have the given key id. */
export function metadataStandIn(id: string): Promise<StandIn> {
  return standIn((request, response) => {
    if (request.method === 'PUT') response.end('token');
    else if (request.url?.endsWith('/')) response.end('role');
    else json(response, { Code: 'Success', AccessKeyId: id, SecretAccessKey: 's', Token: 't' });
  });
}
