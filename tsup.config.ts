import { defineConfig } from 'tsup';

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
});
