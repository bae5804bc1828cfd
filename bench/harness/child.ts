import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ClientName, Target } from '../clients/types.js';
import { COMPILED } from './compile.js';
import type { Task, TaskResult, WorkerMessage } from './protocol.js';

const BENCH = fileURLToPath(new URL('..', import.meta.url));

/** Keeps every child away from real AWS settings, files and the EC2 metadata address. */
export const ISOLATED_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/rx-dynamodb-bench/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/rx-dynamodb-bench/credentials',
  AWS_PROFILE: '',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_ENDPOINT_URL: '',
  AWS_ENDPOINT_URL_DYNAMODB: '',
  DYNAMODB_ENDPOINT: '',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Forks a file of `bench/` with IPC: its transpiled JS on plain node (see `compileBench`), or with `tsx`, its source. */
export function forkBench(file: string, options: { args?: string[]; tsx?: boolean } = {}): ChildProcess {
  const { args = [], tsx = false } = options;
  const [path, execArgv] = tsx ? [BENCH + file, ['--import', 'tsx']] : [COMPILED + file.replace(/\.ts$/, '.js'), []];
  return fork(path, args, { execArgv, env: ISOLATED_ENV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Resolves with the first message of `child` that `accept` takes, or rejects when it exits first or after `timeoutMs`. */
export function nextMessage<T>(child: ChildProcess, accept: (message: unknown) => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      const value = accept(message);
      if (value === undefined) return;
      done();
      resolve(value);
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`${what}: the child exited (${signal ?? code})`));
    };
    const timer = setTimeout(() => {
      done();
      child.kill();
      reject(new Error(`${what}: no answer within ${timeoutMs / 1000} s; child stopped`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Ends a child: disconnecting makes it exit; a child still there a second later is killed. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
  await exited;
  clearTimeout(timer);
}

/** A server in its own process, on a loopback port it reports over IPC. */
export interface ServerChild {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts `server/<name>.ts` and waits for its port; dynalite's starter reuses `spec/support`, so it runs under tsx. */
export async function startServer(name: 'canned' | 'dynalite'): Promise<ServerChild> {
  const child = forkBench(`server/${name}.ts`, { tsx: name === 'dynalite' });
  const port = await nextMessage(child, (m) => (m as { port?: number }).port, 30_000, `${name} server`);
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** Default time one task may take before its worker is stopped. */
const TASK_TIMEOUT_MS = 180_000;

/** A client in its own process (see `worker.ts`), running one task at a time. */
export class Worker {
  #nextId = 0;

  private constructor(
    readonly client: ClientName,
    readonly child: ChildProcess,
  ) {}

  /** Forks the worker for `client` and waits until its client is created. */
  static async start(client: ClientName, target: Target): Promise<Worker> {
    const child = forkBench('worker.ts', { args: [client, target.endpoint, target.region] });
    await nextMessage(child, (m) => ((m as { ready?: boolean }).ready ? true : undefined), 30_000, `${client} worker`);
    return new Worker(client, child);
  }

  /** Runs one task; rejects with the worker's error or when it takes longer than `timeoutMs`. */
  async run(task: Task, options: { profilePath?: string; timeoutMs?: number } = {}): Promise<TaskResult> {
    const id = this.#nextId++;
    const answer = nextMessage(this.child, (m) => ((m as WorkerMessage & { id?: number }).id === id ? (m as WorkerMessage) : undefined), options.timeoutMs ?? TASK_TIMEOUT_MS, `${this.client} ${task.kind}`);
    this.child.send(options.profilePath === undefined ? { id, task } : { id, task, profilePath: options.profilePath });
    const message = await answer;
    if ('error' in message) throw new Error(`${this.client} ${task.kind}: ${message.error}`);
    if (!('result' in message)) throw new Error(`${this.client}: unexpected message`);
    return message.result;
  }

  stop(): Promise<void> {
    return stopChild(this.child);
  }
}
