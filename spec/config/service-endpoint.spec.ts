// The AWS SDK v3's endpoint resolvers are the oracle for DynamoDB's and DynamoDB Streams' default
// endpoints: over every region the SDK's partitions list, a made-up region of each partition and of none,
// and every combination of FIPS and dual-stack, ours must give the SDK's URL (and signing region), and
// refuse what the SDK refuses. A region or partition AWS adds to the SDK joins this spec by itself.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { partition as sdkPartition } from '@aws-sdk/core/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/options.js';
import { partitionOf } from '../../src/config/partition.js';
import { resolveServiceEndpoint, type DynamoDBService, type EndpointVariants } from '../../src/config/service-endpoint.js';
import { ConfigError } from '../../src/errors/client-errors.js';
import { isolatedEnv } from './support/files.js';

type EndpointProvider = (parameters: Record<string, unknown>) => { url: URL; properties?: { authSchemes?: { signingRegion?: string }[] } };

const sdkResolvers: Record<DynamoDBService, EndpointProvider> = {
  dynamodb: new DynamoDBClient({ region: 'us-east-1' }).config.endpointProvider as unknown as EndpointProvider,
  'streams.dynamodb': new DynamoDBStreamsClient({ region: 'us-east-1' }).config.endpointProvider as unknown as EndpointProvider,
};

const VARIANTS: EndpointVariants[] = [false, true].flatMap((useFipsEndpoint) =>
  [false, true].map((useDualstackEndpoint) => ({ useFipsEndpoint, useDualstackEndpoint })),
);

/** Every region of the SDK's partitions file (`partitions.json`), read from the SDK installed. */
async function sdkRegions(): Promise<string[]> {
  const core = dirname(createRequire(import.meta.url).resolve('@aws-sdk/core/package.json'));
  const file = join(core, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js');
  const { partitionsInfo } = (await import(pathToFileURL(file).href)) as { partitionsInfo: { partitions: { regions: Record<string, unknown> }[] } };
  return partitionsInfo.partitions.flatMap((partition) => Object.keys(partition.regions));
}

/** What the SDK gives: the URL and signing region, or its refusal. */
function sdkEndpoint(service: DynamoDBService, region: string, variants: EndpointVariants, endpoint?: string): { url: string; signingRegion: string } | 'refused' {
  try {
    const parameters = { Region: region, UseFIPS: variants.useFipsEndpoint, UseDualStack: variants.useDualstackEndpoint, ...(endpoint ? { Endpoint: endpoint } : {}) };
    const resolved = sdkResolvers[service](parameters);
    return { url: resolved.url.href, signingRegion: resolved.properties?.authSchemes?.[0]?.signingRegion ?? region };
  } catch {
    return 'refused';
  }
}

/** What we give, in the same form. */
function ourEndpoint(service: DynamoDBService, region: string, variants: EndpointVariants, endpoint?: string): { url: string; signingRegion: string } | 'refused' {
  try {
    const resolved = resolveServiceEndpoint(service, region, variants, endpoint === undefined ? undefined : { source: 'option endpoint', url: endpoint });
    return { url: resolved.url, signingRegion: resolved.signingRegion ?? region };
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return 'refused';
  }
}

describe('default endpoints equal the AWS SDK v3 resolvers', () => {
  let regions: string[] = [];
  beforeAll(async () => {
    const listed = await sdkRegions();
    // A made-up region of each partition (found by pattern, not by list), of none, and DynamoDB Local's `local`.
    const madeUp = ['us-new-9', 'cn-new-9', 'us-gov-new-9', 'eusc-de-new-9', 'us-iso-new-9', 'us-isob-new-9', 'eu-isoe-new-9', 'us-isof-new-9', 'zz-nowhere-1', 'local'];
    regions = [...listed, ...madeUp];
  });

  it('lists the partitions the SDK knows, aws-us-gov and the isolated ones included', () => {
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'cn-north-1', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1', 'eusc-de-east-1']));
    expect(regions.length).toBeGreaterThan(40);
  });

  it('puts each region in the partition the SDK puts it in (name, DNS suffix, dual-stack suffix)', () => {
    for (const region of regions.filter((name) => name !== 'local')) {
      const { name, dnsSuffix, dualStackDnsSuffix } = sdkPartition(region);
      expect({ region, ...partitionOf(region) }).toEqual({ region, name, dnsSuffix, dualStackDnsSuffix });
    }
  });

  for (const service of ['dynamodb', 'streams.dynamodb'] as const) {
    it(`${service}: every region x FIPS x dual-stack`, () => {
      let compared = 0;
      for (const region of regions) {
        for (const variants of VARIANTS) {
          const label = `${service} ${region} fips=${variants.useFipsEndpoint} dualstack=${variants.useDualstackEndpoint}`;
          expect([label, ourEndpoint(service, region, variants)]).toEqual([label, sdkEndpoint(service, region, variants)]);
          compared += 1;
        }
      }
      expect(compared).toBe(regions.length * 4);
    });

    it(`${service}: a custom endpoint wins; with FIPS or dual-stack both refuse`, () => {
      for (const endpoint of ['http://127.0.0.1:8000/', 'https://vpce-1.dynamodb.eu-west-1.vpce.amazonaws.com/']) {
        for (const variants of VARIANTS) {
          expect(ourEndpoint(service, 'eu-west-1', variants, endpoint)).toEqual(sdkEndpoint(service, 'eu-west-1', variants, endpoint));
        }
      }
    });
  }
});

describe('useFipsEndpoint and useDualstackEndpoint: option > environment > profile > false', () => {
  const STATIC = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
  const resolve = (options: object, env = isolatedEnv()) => resolveConfig({ credentials: STATIC, env, ...options });

  it('are off by default, and the endpoint is the plain one', () => {
    expect(resolve({ region: 'eu-west-1' })).toMatchObject({ useFipsEndpoint: false, useDualstackEndpoint: false, endpoint: { url: 'https://dynamodb.eu-west-1.amazonaws.com/' } });
  });

  it('read AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT (true or false, any case)', () => {
    const config = resolve({ region: 'us-gov-west-1' }, isolatedEnv({}, { AWS_USE_FIPS_ENDPOINT: 'TRUE', AWS_USE_DUALSTACK_ENDPOINT: 'true' }));
    expect(config).toMatchObject({ useFipsEndpoint: true, useDualstackEndpoint: true, endpoint: { url: 'https://dynamodb-fips.us-gov-west-1.api.aws/', host: 'dynamodb-fips.us-gov-west-1.api.aws' } });
    expect(resolve({ region: 'us-east-1' }, isolatedEnv({}, { AWS_USE_FIPS_ENDPOINT: 'false' })).useFipsEndpoint).toBe(false);
  });

  it("read the profile's use_fips_endpoint and use_dualstack_endpoint when the variables are not set", () => {
    const files = { config: '[profile gov]\nuse_fips_endpoint = true\n[default]\nuse_dualstack_endpoint = true\n' };
    expect(resolve({ region: 'us-east-1', profile: 'gov' }, isolatedEnv(files)).endpoint.url).toBe('https://dynamodb-fips.us-east-1.amazonaws.com/');
    expect(resolve({ region: 'us-east-1' }, isolatedEnv(files)).endpoint.url).toBe('https://dynamodb.us-east-1.api.aws/');
    expect(resolve({ region: 'us-east-1' }, isolatedEnv(files, { AWS_USE_DUALSTACK_ENDPOINT: 'false' })).useDualstackEndpoint).toBe(false);
  });

  it('the option wins over the environment and the profile', () => {
    const env = isolatedEnv({ config: '[default]\nuse_fips_endpoint = true\n' }, { AWS_USE_DUALSTACK_ENDPOINT: 'true' });
    expect(resolve({ region: 'cn-north-1', useFipsEndpoint: false, useDualstackEndpoint: false }, env).endpoint.url).toBe('https://dynamodb.cn-north-1.amazonaws.com.cn/');
    expect(resolve({ region: 'cn-north-1', useFipsEndpoint: true }, isolatedEnv()).endpoint.url).toBe('https://dynamodb-fips.cn-north-1.amazonaws.com.cn/');
  });

  it('refuse other values, naming the variable, the setting or the option', () => {
    expect(() => resolve({}, isolatedEnv({}, { AWS_USE_FIPS_ENDPOINT: 'yes' }))).toThrow(/env AWS_USE_FIPS_ENDPOINT="yes": must be true or false/);
    expect(() => resolve({}, isolatedEnv({ config: '[default]\nuse_dualstack_endpoint = 1\n' }))).toThrow(/use_dualstack_endpoint of profile 'default'="1": must be true or false/);
    expect(() => resolve({ useFipsEndpoint: 'true' })).toThrow(/option useFipsEndpoint must be true or false, got a string/);
  });

  it('with a custom endpoint (option or variable) are a ConfigError naming both, as the SDK refuses them', () => {
    expect(() => resolve({ endpoint: 'http://127.0.0.1:8000', useFipsEndpoint: true })).toThrow(
      /FIPS \(useFipsEndpoint, AWS_USE_FIPS_ENDPOINT or the profile's use_fips_endpoint\) cannot be combined with a custom endpoint \(option endpoint\)/,
    );
    expect(() => resolve({}, isolatedEnv({}, { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000', AWS_USE_DUALSTACK_ENDPOINT: 'true' }))).toThrow(
      /dual-stack .* cannot be combined with a custom endpoint \(env AWS_ENDPOINT_URL_DYNAMODB\)/,
    );
  });

  it('apply to the default Streams endpoint too; a custom endpoint serves both and refuses them', () => {
    expect(resolve({ region: 'us-east-1', useDualstackEndpoint: true }).streamsEndpoint.url).toBe('https://streams-dynamodb.us-east-1.api.aws/');
    expect(resolve({ region: 'us-gov-west-1', useFipsEndpoint: true }).streamsEndpoint.url).toBe('https://streams.dynamodb.us-gov-west-1.amazonaws.com/');
    expect(() => resolve({ streamsEndpoint: 'http://127.0.0.1:8001', useFipsEndpoint: true })).toThrow(/cannot be combined with a custom endpoint \(option streamsEndpoint\)/);
    expect(() => resolve({}, isolatedEnv({}, { AWS_ENDPOINT_URL_DYNAMODB_STREAMS: 'http://127.0.0.1:8001', AWS_USE_FIPS_ENDPOINT: 'true' }))).toThrow(/custom endpoint \(env AWS_ENDPOINT_URL_DYNAMODB_STREAMS\)/);
  });

  it('region local is DynamoDB Local at localhost:8000, signed for us-east-1 as the SDK signs', () => {
    expect(resolve({ region: 'local' }).endpoint).toEqual({ url: 'http://localhost:8000/', host: 'localhost:8000', signingRegion: 'us-east-1' });
  });
});
