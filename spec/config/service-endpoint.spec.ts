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
import { ssoEndpoint, stsEndpoint } from '../../src/config/credentials/service-endpoints.js';
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
      // One deliberate difference: region `local` sends Streams to DynamoDB Local too (spec below), where the
      // SDK's Streams resolver gives streams.dynamodb.local.amazonaws.com, a host that does not exist.
      for (const region of regions.filter((name) => service === 'dynamodb' || name !== 'local')) {
        for (const variants of VARIANTS) {
          const label = `${service} ${region} fips=${variants.useFipsEndpoint} dualstack=${variants.useDualstackEndpoint}`;
          expect([label, ourEndpoint(service, region, variants)]).toEqual([label, sdkEndpoint(service, region, variants)]);
          compared += 1;
        }
      }
      expect(compared).toBe((service === 'dynamodb' ? regions.length : regions.length - 1) * 4);
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

describe('legacy FIPS pseudo-regions, as the AWS SDK v3 clients read them', () => {
  const STATIC = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
  const SDK_CLIENTS = { dynamodb: DynamoDBClient, 'streams.dynamodb': DynamoDBStreamsClient } as const;

  /** What an SDK client given `region` sends to: its own config resolver reads the name (region, FIPS), then its endpoint resolver. */
  async function sdkClientEndpoint(service: DynamoDBService, region: string, variants: EndpointVariants): Promise<{ url: string; signingRegion: string } | 'refused'> {
    let resolved: [string, boolean, boolean];
    try {
      const { config } = new SDK_CLIENTS[service]({ region, ...variants, credentials: STATIC });
      resolved = [await config.region(), await config.useFipsEndpoint(), await config.useDualstackEndpoint()];
    } catch {
      return 'refused';
    }
    const [realRegion, useFipsEndpoint, useDualstackEndpoint] = resolved;
    return sdkEndpoint(service, realRegion, { useFipsEndpoint, useDualstackEndpoint });
  }

  /** What our client given `region` sends to, and signs for. */
  function ourClientEndpoint(service: DynamoDBService, region: string, variants: EndpointVariants, env: Record<string, string | undefined>): { url: string; signingRegion: string } | 'refused' {
    try {
      const config = resolveConfig({ region, ...variants, credentials: STATIC, env });
      const endpoint = service === 'dynamodb' ? config.endpoint : config.streamsEndpoint;
      return { url: endpoint.url, signingRegion: endpoint.signingRegion ?? config.region };
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return 'refused';
    }
  }

  let pseudoRegions: string[] = [];
  beforeAll(async () => {
    const listed = await sdkRegions();
    const forms = listed.flatMap((region) => [`fips-${region}`, `${region}-fips`]);
    pseudoRegions = [...forms, 'fips-aws-global', 'aws-fips', 'fips-dkr-us-east-1', 'fips-prod-us-gov-west-1', 'fips-us-new-9', 'us-gov-new-9-fips', 'fips-', '-fips'];
  });

  for (const service of ['dynamodb', 'streams.dynamodb'] as const) {
    it(`${service}: fips-<region> and <region>-fips of every region x FIPS x dual-stack go where the SDK's client sends them`, async () => {
      const env = isolatedEnv();
      let compared = 0;
      for (const region of pseudoRegions) {
        for (const variants of VARIANTS) {
          const label = `${service} ${region} fips=${variants.useFipsEndpoint} dualstack=${variants.useDualstackEndpoint}`;
          expect([label, ourClientEndpoint(service, region, variants, env)]).toEqual([label, await sdkClientEndpoint(service, region, variants)]);
          compared += 1;
        }
      }
      expect(compared).toBe(pseudoRegions.length * 4);
    });
  }

  it('is its region with FIPS on, whatever the flag says: e.g. GovCloud, us-east-1, the global names', () => {
    const env = isolatedEnv();
    const resolve = (region: string, options: object = {}) => resolveConfig({ region, credentials: STATIC, env, ...options });
    expect(resolve('fips-us-gov-west-1')).toMatchObject({ region: 'us-gov-west-1', useFipsEndpoint: true, endpoint: { url: 'https://dynamodb.us-gov-west-1.amazonaws.com/' } });
    expect(resolve('us-east-1-fips', { useFipsEndpoint: false })).toMatchObject({ region: 'us-east-1', useFipsEndpoint: true, endpoint: { url: 'https://dynamodb-fips.us-east-1.amazonaws.com/' } });
    expect(resolve('fips-aws-global')).toMatchObject({ region: 'us-east-1', streamsEndpoint: { url: 'https://streams.dynamodb-fips.us-east-1.amazonaws.com/' } });
    expect(resolveConfig({ credentials: STATIC, env: { ...env, AWS_REGION: 'fips-ca-central-1' } })).toMatchObject({ region: 'ca-central-1', endpoint: { url: 'https://dynamodb-fips.ca-central-1.amazonaws.com/' } });
  });

  it('with a custom endpoint is refused, as the SDK refuses FIPS with one', async () => {
    const env = isolatedEnv();
    expect(() => resolveConfig({ region: 'fips-us-east-1', endpoint: 'http://127.0.0.1:8000', credentials: STATIC, env })).toThrow(
      /FIPS \(.*or a FIPS region name such as fips-us-east-1\) cannot be combined with a custom endpoint \(option endpoint\)/,
    );
    const { config } = new DynamoDBClient({ region: 'fips-us-east-1', credentials: STATIC });
    expect(sdkEndpoint('dynamodb', await config.region(), { useFipsEndpoint: await config.useFipsEndpoint(), useDualstackEndpoint: false }, 'http://127.0.0.1:8000/')).toBe('refused');
  });

  it('a name that still says fips once read (dynamodb-fips-us-east-1): a ConfigError naming it, where the SDK sends to a host that does not exist', async () => {
    const env = isolatedEnv();
    for (const region of ['dynamodb-fips-us-east-1', 'fips-us-east-1-fips', 'us-fips-east-1']) {
      const sdk = await sdkClientEndpoint('dynamodb', region, { useFipsEndpoint: false, useDualstackEndpoint: false });
      expect(sdk === 'refused' ? region : new URL(sdk.url).hostname.split('.')[1]).toMatch(/(^|-)fips(-|$)/);
      expect(() => resolveConfig({ region, credentials: STATIC, env })).toThrow(
        new RegExp(`^region "${region}" is not a region: a FIPS endpoint is asked for with the region and useFipsEndpoint \\(AWS_USE_FIPS_ENDPOINT=true\\), e.g. region "us-east-1" with useFipsEndpoint: true$`),
      );
    }
  });

  it('STS and SSO, which keep their regional endpoints, go to the region and sign for it', () => {
    expect(stsEndpoint('fips-us-gov-west-1', {})).toMatchObject({ url: new URL('https://sts.us-gov-west-1.amazonaws.com/'), region: 'us-gov-west-1' });
    expect(stsEndpoint('us-east-1-fips', {})).toMatchObject({ url: new URL('https://sts.us-east-1.amazonaws.com/'), region: 'us-east-1' });
    expect(ssoEndpoint('fips-us-gov-east-1', {}).url.href).toBe('https://portal.sso.us-gov-east-1.amazonaws.com/');
    expect(() => stsEndpoint('dynamodb-fips-us-east-1', {})).toThrow(/region "dynamodb-fips-us-east-1" is not a region/);
  });
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
      /FIPS \(useFipsEndpoint, AWS_USE_FIPS_ENDPOINT, the profile's use_fips_endpoint or a FIPS region name such as fips-us-east-1\) cannot be combined with a custom endpoint \(option endpoint\)/,
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

  it('region local reads Streams from DynamoDB Local too (it serves both), not from a made-up AWS host', () => {
    expect(resolve({ region: 'local' }).streamsEndpoint).toEqual({ url: 'http://localhost:8000/', host: 'localhost:8000', signingRegion: 'us-east-1' });
    expect(resolveServiceEndpoint('streams.dynamodb', 'local', { useFipsEndpoint: false, useDualstackEndpoint: false }).url).toBe('http://localhost:8000/');
    expect(() => resolveServiceEndpoint('streams.dynamodb', 'local', { useFipsEndpoint: true, useDualstackEndpoint: false })).toThrow(/cannot be combined with region "local"/);
    expect(resolve({ region: 'local', streamsEndpoint: 'http://127.0.0.1:8001' }).streamsEndpoint.url).toBe('http://127.0.0.1:8001/');
  });
});
