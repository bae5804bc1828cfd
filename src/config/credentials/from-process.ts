import { defer, map, mergeMap, Observable, throwError, timeout } from 'rxjs';
import { ConfigError, InvalidParameterError } from '../../errors/client-errors.js';
import type { Env } from '../env.js';
import { integer, nonEmptyText, type Converter } from '../../input/reader.js';
import { MAX_TIMER_MS } from '../../util/max-timer.js';
import { optional, required, shape, unknownOption } from '../../input/shape.js';
import { environment, withCheckedOptions } from './options.js';
import { parseCredentialsDocument } from './parse.js';
import type { Credentials } from './types.js';

const MAX_OUTPUT_BYTES = 1024 * 1024;

/** Which command {@link fromProcess} runs, and how. */
export interface ProcessOptions {
  /** The command line, run through the system shell; never shown in errors (it may hold secrets). */
  command: string;
  /** Environment of the command. @default process.env */
  env?: Env | undefined;
  /** The command is stopped and the call fails after this long. @default 60_000 */
  timeoutMs?: number | undefined;
  /** Names the command in errors (the command line itself is never shown: it may hold secrets). @default 'credential_process' */
  label?: string | undefined;
}

const readProcessShape = shape<ProcessOptions>(
  {
    command: required(nonEmptyText, 'is required: the command line that prints the credentials'),
    env: optional(environment),
    timeoutMs: optional(integer(1, MAX_TIMER_MS)),
    label: optional(nonEmptyText),
  },
  { unknown: unknownOption },
);
/** Options left out are options without the required `command`; a string is the 0.1 form, `fromProcess(command, options)`. */
const readProcessOptions: Converter<ProcessOptions | undefined, ProcessOptions> = (value, path) => {
  if (typeof value === 'string') throw new InvalidParameterError(path, 'is a string: pass the command as { command, ...options }');
  return readProcessShape(value === undefined ? {} : value, path);
};

/**
 * Runs a `credential_process` command through the system shell and reads the JSON it prints:
 * `{ "Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"? }`.
 * Its error output goes to this process's stderr. On POSIX it runs in its own session, so that
 * unsubscribing or the timeout stops whatever it started too (it has no terminal to prompt on).
 *
 * @throws (as error notifications) InvalidParameterError for bad options, naming them (never the command);
 *   ConfigError when the command fails, times out or prints anything else; the error never repeats the
 *   command or its output.
 * @example fromProcess({ command: 'aws-vault export --format=json dev' }).subscribe(sign);
 */
export function fromProcess(options: ProcessOptions): Observable<Credentials> {
  return withCheckedOptions(options, readProcessOptions, ({ command, env = process.env, timeoutMs = 60_000, label = 'credential_process' }: ProcessOptions) => {
    const fail = (problem: string): ConfigError => new ConfigError(`${label} ${problem}`);
    return runShell(command, env, fail).pipe(
      timeout({ first: timeoutMs, with: () => throwError(() => fail(`did not finish within ${timeoutMs} ms and was stopped`)) }),
      map((output) =>
        parseCredentialsDocument(output, 'SessionToken', (problem) => fail(`printed unusable credentials: ${problem}`), { Version: 1 }),
      ),
    );
  });
}

/**
 * Runs a shell command and emits what it printed once it exits with 0; unsubscribing stops it.
 * node:child_process loads on the first run: most clients never run one, and importing the package
 * does not pay for it (~0.6 ms).
 */
function runShell(command: string, env: Env, fail: (problem: string) => ConfigError): Observable<string> {
  return defer(() => import('node:child_process')).pipe(mergeMap(({ spawn }) => spawnShell(spawn, command, env, fail)));
}

/** {@link runShell} once `spawn` is loaded. */
function spawnShell(spawn: typeof import('node:child_process').spawn, command: string, env: Env, fail: (problem: string) => ConfigError): Observable<string> {
  return new Observable<string>((subscriber) => {
    const ownGroup = process.platform !== 'win32';
    const child = spawn(command, { shell: true, env, detached: ownGroup, stdio: ['ignore', 'pipe', 'inherit'], windowsHide: true });
    let running = true;
    const stop = (): void => {
      if (!running) return;
      running = false;
      try {
        if (ownGroup && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
        else child.kill();
      } catch {
        // Already gone.
      }
    };
    const chunks: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      chunks.push(chunk);
      if (size <= MAX_OUTPUT_BYTES) return;
      stop();
      subscriber.error(fail(`printed more than ${MAX_OUTPUT_BYTES} bytes`));
    });
    child.on('error', (error: NodeJS.ErrnoException) => subscriber.error(fail(`could not be started: ${error.code ?? 'spawn failed'}`)));
    child.on('close', (code, signal) => {
      running = false;
      if (code !== 0) {
        const how = code === null ? `was ended by ${signal ?? 'a signal'}` : `exited with code ${code}`;
        subscriber.error(fail(`${how}; run it in a shell to see why`));
        return;
      }
      subscriber.next(Buffer.concat(chunks).toString('utf8'));
      subscriber.complete();
    });
    return stop;
  });
}
