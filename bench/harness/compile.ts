import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const BENCH = fileURLToPath(new URL('..', import.meta.url));

/** Where the transpiled bench lives: the client processes run it on plain node. */
export const COMPILED = fileURLToPath(new URL('../../.tmp/bench-js/', import.meta.url));

/**
 * Transpiles every `bench/**.ts` file 1:1 to `.tmp/bench-js/` (type-only imports vanish, `.js`
 * specifiers stay valid), so that client processes run as users' code does: plain node, without
 * tsx's loader thread (~50 MB of RSS and load-time hooks that would distort memory and import figures).
 */
export async function compileBench(): Promise<void> {
  const files = (await readdir(BENCH, { recursive: true })).filter((file) => file.endsWith('.ts'));
  await Promise.all(
    files.map(async (file) => {
      const source = await readFile(BENCH + file, 'utf8');
      const { outputText } = ts.transpileModule(source, {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      const out = COMPILED + file.replace(/\.ts$/, '.js');
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, outputText);
    }),
  );
}
