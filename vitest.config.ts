import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // rx-dynamodb/nest and /otel import the core by its package name, and examples import all three:
  // in tests those names are the source, as in tsconfig's paths.
  resolve: { alias: [{ find: /^rx-dynamodb(\/nest|\/otel)?$/, replacement: `${fileURLToPath(new URL('./src', import.meta.url))}$1/index.ts` }] },
  test: {
    include: ['spec/**/*.spec.ts'],
    globalSetup: ['spec/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests must never reach AWS or the EC2 metadata address: the default chain is cut off here
    // and every spec that needs credentials or an endpoint passes loopback stand-ins.
    env: {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
      AWS_CONFIG_FILE: '/nonexistent/rx-dynamodb-test/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/rx-dynamodb-test/credentials',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
      DYNAMODB_ENDPOINT: '',
      AWS_ENDPOINT_URL: '',
      AWS_ENDPOINT_URL_DYNAMODB: '',
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: '',
    },
  },
});
