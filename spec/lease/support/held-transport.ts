import { finalize, Observable, type Subscriber } from 'rxjs';
import { createAxiosTransport } from '../../../src/http/axios-transport.js';
import type { DynamoDBRequest, DynamoDBResponse, Transport } from '../../../src/http/types.js';

/** A request sent while the network held it or after it let them go, and its answer (its sender may have given up on it by then). */
export interface LateRequest {
  readonly action: string;
  readonly body: string;
  readonly statusCode: number;
  readonly response: string;
}

/** A real transport whose requests can be held in the network for a while, as in a partition. */
export interface HeldTransport {
  readonly transport: Transport;
  /** Holds every request from now on. */
  hold(): void;
  /**
   * Lets the held requests go, in the order sent, and every later one. A held request goes out even
   * if its sender unsubscribed meanwhile (it was on the wire); the answer of every held request, and of
   * every request sent from then on, is recorded in `late`.
   */
  release(): void;
  readonly late: LateRequest[];
  /** Requests sent and not answered yet, held ones included. */
  readonly pending: () => number;
}

/** The axios transport, with requests that can be held (see {@link HeldTransport}). */
export function heldTransport(): HeldTransport {
  const inner = createAxiosTransport({ maxSockets: 50 });
  const late: LateRequest[] = [];
  let held: { request: DynamoDBRequest; subscriber: Subscriber<DynamoDBResponse> }[] | undefined;
  let pending = 0;
  let released = false;
  const send = (request: DynamoDBRequest, subscriber: Subscriber<DynamoDBResponse>, isLate: boolean) =>
    inner(request)
      .pipe(finalize(() => pending--))
      .subscribe({
      next: (response) => {
        if (isLate) late.push({ action: request.action, body: request.body, statusCode: response.statusCode, response: response.body });
        if (!subscriber.closed) subscriber.next(response);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
  return {
    transport: (request) =>
      new Observable<DynamoDBResponse>((subscriber) => {
        pending++;
        if (held === undefined) return send(request, subscriber, released);
        held.push({ request, subscriber });
        return undefined;
      }),
    hold: () => {
      held ??= [];
    },
    release: () => {
      const waiting = held ?? [];
      held = undefined;
      released = true;
      for (const { request, subscriber } of waiting) send(request, subscriber, true);
    },
    late,
    pending: () => pending,
  };
}
