import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in on 127.0.0.1 whose clock runs ahead of (or behind) this machine's. */
export interface SkewedServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** The `X-Amz-Date` of each request it refused for its time, in order. */
  refused: string[];
  /** The `X-Amz-Date` of each request it let through, in order. */
  accepted: string[];
  close(): Promise<void>;
}

/** `X-Amz-Date` (`20240101T120000Z`) as epoch milliseconds. */
export function parseAmzDate(text: string): number {
  return Date.parse(text.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
}

/** The server's time as SigV4 writes it. */
const asAmzDate = (ms: number): string => new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');

/**
 * A DynamoDB in front of `target` (dynalite) whose clock says `skewMs` more than this machine's. As DynamoDB
 * does, it refuses a request signed more than 15 minutes away from its time with 400
 * `InvalidSignatureException` "Signature expired: ..." (or "Signature not yet current: ..."), and passes
 * the others to `target`. Every answer carries its own `Date`.
 */
export async function skewedDynamoDB(target: string, skewMs: number): Promise<SkewedServer> {
  const refused: string[] = [];
  const accepted: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const now = Date.now() + skewMs;
    const date = new Date(now).toUTCString();
    const signedAt = String(request.headers['x-amz-date']);
    const skew = parseAmzDate(signedAt) - now;
    if (Math.abs(skew) > 15 * 60_000) {
      refused.push(signedAt);
      request.resume();
      const message = skew < 0
        ? `Signature expired: ${signedAt} is now earlier than ${asAmzDate(now - 15 * 60_000)} (${asAmzDate(now)} - 15 min.)`
        : `Signature not yet current: ${signedAt} is still later than ${asAmzDate(now + 15 * 60_000)} (${asAmzDate(now)} + 15 min.)`;
      response
        .writeHead(400, { 'content-type': 'application/x-amz-json-1.0', date, 'x-amzn-requestid': 'SKEWED' })
        .end(JSON.stringify({ __type: 'com.amazon.coral.service#InvalidSignatureException', message }));
      return;
    }
    accepted.push(signedAt);
    const forward = httpRequest(new URL(request.url ?? '/', target), { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, { ...answer.headers, date });
      answer.pipe(response);
    });
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    refused,
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
