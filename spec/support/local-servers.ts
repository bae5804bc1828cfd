import { inject } from 'vitest';
import { startDynalite, type LocalDynamo } from './dynalite.js';

/** A local DynamoDB an integration spec can run against. */
export interface LocalServer {
  /** For test titles: `dynalite` or `DynamoDB Local`. */
  name: string;
  /** Starts (dynalite) or joins (DynamoDB Local) the server; call it in `beforeAll`, and `close` it in `afterAll`. */
  start(): Promise<LocalDynamo>;
}

/**
 * The run's DynamoDB Local, started once by the global setup. `close` leaves it running: other
 * spec files share it (use unique table names).
 */
export function dynamodbLocal(): LocalDynamo {
  return { endpoint: inject('dynamodbLocalEndpoint'), close: () => Promise.resolve() };
}

/**
 * Both local servers, to run one spec against each (conformance):
 * @example
 * describe.each(localServers())('items on $name', ({ start }) => {
 *   let server: LocalDynamo;
 *   beforeAll(async () => { server = await start(); });
 *   afterAll(() => server.close());
 * });
 */
export function localServers(): LocalServer[] {
  return [
    { name: 'dynalite', start: startDynalite },
    { name: 'DynamoDB Local', start: () => Promise.resolve(dynamodbLocal()) },
  ];
}
