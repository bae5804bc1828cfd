import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-sdk/client-dynamodb-streams', '@aws-sdk/util-dynamodb', 'axios', 'aws4', 'rxjs', 'dynalite'];

function version(path: string): string {
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} (src/ modified)` : head;
  } catch {
    return 'unknown';
  }
}

/** The machine, its load, the runtime and package versions, as Markdown lines. */
export function machineMarkdown(loadAtStart: number): string[] {
  const cpus = os.cpus();
  const packages = PACKAGES.map((name) => `${name} ${version(`${ROOT}node_modules/${name}/package.json`)}`).join(', ');
  return [
    `- Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()} (${os.arch()})`,
    `- Load average (1 min) at start ${loadAtStart.toFixed(2)}, at end ${os.loadavg()[0]!.toFixed(2)}: other processes on this machine add noise; compare clients within a run`,
    `- Runtime: Node ${process.version}`,
    `- rx-dynamodb ${version(`${ROOT}package.json`)} at ${commit()}, measured as built (\`dist/\`, by \`tsup\` before the run)`,
    `- ${packages}`,
  ];
}
