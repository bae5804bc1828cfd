import { afterAll, beforeAll, describe, inject } from 'vitest';
import { startDynalite, type LocalDynamo } from './dynalite.js';

/** The local DynamoDB implementations the integration specs run on. */
export type ServerName = 'dynalite' | 'DynamoDB Local';

/** A local DynamoDB an integration spec can run against. */
export interface LocalServer {
  /** For test titles and for `it.runIf(server.name === …)`. */
  name: ServerName;
  /** Starts (dynalite) or joins (DynamoDB Local) the server; call it in `beforeAll`, and `close` it in `afterAll`. */
  start(): Promise<LocalDynamo>;
}

/** The server a suite of {@link describeOnLocalServers} runs on. */
export interface ServerUnderTest {
  readonly name: ServerName;
  /** `http://127.0.0.1:<port>`, from the suite's first `beforeAll` on. */
  readonly endpoint: string;
}

/**
 * The run's DynamoDB Local, started once by the global setup. `close` leaves it running: other
 * spec files share it (use unique table names).
 */
export function dynamodbLocal(): LocalDynamo {
  return { endpoint: inject('dynamodbLocalEndpoint'), close: () => Promise.resolve() };
}

/** Both local servers: dynalite (a fresh one per suite) and Amazon's DynamoDB Local (shared by the run). */
export function localServers(): LocalServer[] {
  return [
    { name: 'dynalite', start: startDynalite },
    { name: 'DynamoDB Local', start: () => Promise.resolve(dynamodbLocal()) },
  ];
}

/**
 * Declares `suite` once per local server, titled `<title> on <server>`, so that the client is held to
 * Amazon's own emulator as well as to dynalite. The server is started (or joined) before the suite's
 * own `beforeAll` hooks and closed after its `afterAll` hooks. A test that depends on one server's
 * behaviour says so: `it.runIf(server.name === 'dynalite')(…)`; where both servers answer but differ,
 * the test expects DynamoDB Local to behave as Amazon's DynamoDB does, and names dynalite's deviation.
 * @example
 * describeOnLocalServers('items', (server) => {
 *   let db: DynamoDB;
 *   beforeAll(() => { db = localClient(server.endpoint); });
 * });
 */
export function describeOnLocalServers(title: string, suite: (server: ServerUnderTest) => void): void {
  for (const { name, start } of localServers()) {
    describe(`${title} on ${name}`, () => {
      let running: LocalDynamo | undefined;
      beforeAll(async () => {
        running = await start();
      });
      afterAll(() => running?.close());
      suite({
        name,
        get endpoint() {
          if (!running) throw new Error(`${name} is not started yet: read the endpoint in a hook or a test`);
          return running.endpoint;
        },
      });
    });
  }
}
