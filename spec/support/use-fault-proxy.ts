import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startDynalite, type LocalDynamo } from './dynalite.js';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from './fault-proxy.js';

/** Options of {@link useFaultProxy}: the proxy's own, and the server behind it. */
export interface FaultProxyFixtureOptions extends Omit<FaultProxyOptions, 'upstream'> {
  /** Starts (or joins) the server behind the proxy. @default a fresh dynalite (`startDynalite`) */
  server?: () => Promise<LocalDynamo>;
}

/** The server of a {@link useFaultProxy} fixture and the fault proxy in front of it. */
export interface FaultProxyFixture {
  /** The server itself: its endpoint is for clients that go around the proxy. */
  server: LocalDynamo;
  /** The fault proxy in front of the server. */
  proxy: FaultProxy;
}

/**
 * The fixture of the fault specs, for the enclosing file or `describe`: starts a server (dynalite unless
 * `server` says otherwise) and a fault proxy in front of it before all tests, clears the proxy's faults,
 * modes and stats before each test, and closes both after all tests. Call it before the hooks that use it:
 * they then run after it starts the servers, and their `afterAll` before it closes them.
 *
 * The two objects returned stand for the running server and proxy: use them in hooks and tests (reading
 * them earlier throws).
 * @example
 * const { server, proxy } = useFaultProxy({ seed: 12 });
 * beforeAll(() => { db = localClient(proxy.endpoint); direct = localClient(server.endpoint); });
 */
export function useFaultProxy(options: FaultProxyFixtureOptions = {}): FaultProxyFixture {
  const { server: start = startDynalite, ...proxyOptions } = options;
  let server: LocalDynamo | undefined;
  let proxy: FaultProxy | undefined;
  beforeAll(async () => {
    server = await start();
    proxy = await startFaultProxy({ ...proxyOptions, upstream: server.endpoint });
  });
  beforeEach(() => proxy?.reset());
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });
  return { server: standIn('server', () => server), proxy: standIn('proxy', () => proxy) };
}

/** An object that reads every property from `current()`, the running server or proxy, once there is one. */
function standIn<T extends object>(name: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get: (_, key) => {
      const target = current();
      if (!target) throw new Error(`useFaultProxy: the ${name} starts in beforeAll; use it in hooks and tests`);
      return Reflect.get(target, key);
    },
  });
}
