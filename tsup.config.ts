import { builtinModules } from 'node:module';
import { defineConfig, type Options } from 'tsup';

type TsupPlugin = NonNullable<Options['plugins']>[number];

/**
 * In a CommonJS bundle esbuild writes one `require("pkg")` per source file that imports `pkg` (59 for
 * rxjs). Node resolves a package through its `exports` map anew at each of them once another module
 * has loaded it (the usual case for rxjs, which the app imports too): ~3 ms at startup. This routes
 * the requires of each package named more than once through one function (hoisted, so any place in
 * the bundle may call it) that requires it the first time and keeps it. Lines stay where they were, so
 * the source map still holds.
 */
const requireEachPackageOnce: TsupPlugin = {
  name: 'require-each-package-once',
  renderChunk(code, chunk) {
    if (this.format !== 'cjs' || !chunk.path.endsWith('.cjs')) return undefined;
    const requires = /\brequire\("([^"./][^"]*)"\)/g;
    const counts = new Map<string, number>();
    for (const [, name] of code.matchAll(requires)) {
      if (!builtinModules.includes(name!) && !name!.startsWith('node:')) counts.set(name!, (counts.get(name!) ?? 0) + 1);
    }
    const shared = [...counts].filter(([, count]) => count > 1).map(([name]) => name);
    if (shared.length === 0) return undefined;
    const fn = (name: string) => `__requireOnce_${name.replace(/\W/g, '_')}`;
    const rewritten = code.replace(requires, (call, name: string) => (shared.includes(name) ? `${fn(name)}()` : call));
    const functions = shared.map((name) => `function ${fn(name)}() {\n  return ${fn(name)}.module ??= require(${JSON.stringify(name)});\n}`).join('\n');
    const mapComment = rewritten.lastIndexOf('\n//# sourceMappingURL=');
    return { code: mapComment < 0 ? `${rewritten}\n${functions}\n` : `${rewritten.slice(0, mapComment)}\n${functions}${rewritten.slice(mapComment)}` };
  },
};

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    // Optional integrations: each imports the core as 'rx-dynamodb' (external), so one copy loads.
    'nest/index': 'src/nest/index.ts',
    'otel/index': 'src/otel/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: ['rxjs', 'aws4', 'axios', 'rx-dynamodb'],
  plugins: [requireEachPackageOnce],
});
