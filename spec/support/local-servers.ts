import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import type { DynamoDBOptions } from '../../src/config/options.js';
import { startDynalite, type LocalDynamo } from './dynalite.js';
import { localClient, tableDefinition, uniqueTableName } from './local-client.js';

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
  /** A client to this server (see `localClient`) that records its calls in `measurements`; make it in a hook or a test. */
  client(options?: DynamoDBOptions): DynamoDB;
  /** The calls of this suite's clients, oldest first; `measurements.length = 0` forgets them. */
  readonly measurements: Measurement[];
  /** Creates a table keyed by `pk` (and number `sk`), named `<prefix>_<unique>`; resolves to its name once ACTIVE. */
  freshTable(prefix: string, withSortKey?: boolean): Promise<string>;
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
 *   beforeAll(() => { db = server.client(); });
 *   it.runIf(server.name === 'DynamoDB Local')('…', () => …);
 * });
 */
export function describeOnLocalServers(title: string, suite: (server: ServerUnderTest) => void): void {
  for (const server of localServers()) {
    describe(`${title} on ${server.name}`, () => {
      const underTest = new SuiteServer(server);
      beforeAll(() => underTest.start());
      afterAll(() => underTest.close());
      suite(underTest);
    });
  }
}

/** One suite's server: started and closed by the suite's hooks, with its clients' measurements. */
class SuiteServer implements ServerUnderTest {
  readonly name: ServerName;
  readonly measurements: Measurement[] = [];
  readonly #server: LocalServer;
  #running: LocalDynamo | undefined;
  /** Creates tables, unmeasured. */
  #admin: DynamoDB | undefined;

  constructor(server: LocalServer) {
    this.name = server.name;
    this.#server = server;
  }

  async start(): Promise<void> {
    this.#running = await this.#server.start();
  }

  close(): Promise<void> | undefined {
    return this.#running?.close();
  }

  get endpoint(): string {
    if (!this.#running) throw new Error(`${this.name} is not started yet: read the endpoint in a hook or a test`);
    return this.#running.endpoint;
  }

  client(options?: DynamoDBOptions): DynamoDB {
    return localClient(this.endpoint, { onMeasurement: (m) => this.measurements.push(m), ...options });
  }

  async freshTable(prefix: string, withSortKey = false): Promise<string> {
    const table = uniqueTableName(prefix);
    this.#admin ??= localClient(this.endpoint);
    await firstValueFrom(this.#admin.createTable(tableDefinition(table, withSortKey)));
    await firstValueFrom(this.#admin.waitForTable(table, { status: 'ACTIVE', delayMs: 5 }));
    return table;
  }
}
