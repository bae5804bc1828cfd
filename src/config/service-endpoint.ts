import { ConfigError } from '../errors/client-errors.js';
import type { Endpoint } from '../http/types.js';
import { checkRegionName, partitionOf } from './partition.js';

/** The services whose default endpoint {@link resolveServiceEndpoint} builds: DynamoDB and DynamoDB Streams. */
export type DynamoDBService = 'dynamodb' | 'streams.dynamodb';

/** Which variant of a default endpoint to use, as the AWS SDKs' `useFipsEndpoint` and `useDualstackEndpoint`. */
export interface EndpointVariants {
  /** FIPS 140 validated endpoints. */
  useFipsEndpoint: boolean;
  /** Endpoints reachable over IPv4 and IPv6. */
  useDualstackEndpoint: boolean;
}

/** An endpoint URL someone set, and where (`option endpoint`, `env AWS_ENDPOINT_URL_DYNAMODB`, ...), for errors. */
export interface CustomEndpoint {
  source: string;
  url: string;
}

/** The partitions whose dual-stack Streams endpoints are named `streams-dynamodb` rather than `streams.dynamodb`. */
const DASHED_STREAMS_DUALSTACK: ReadonlySet<string> = new Set(['aws', 'aws-cn', 'aws-us-gov']);

/**
 * The endpoint of DynamoDB or DynamoDB Streams: `custom` when set, else the default endpoint of `region` in
 * the variant asked for, as the AWS SDK v3's endpoint resolvers give it (a spec holds them equal over every
 * region and variant): `https://dynamodb[-fips].<region>.<DNS suffix>`, the dual-stack suffix (`api.aws`,
 * ...) for `useDualstackEndpoint`, and for Streams `streams.dynamodb[-fips]` (dual-stack in aws, aws-cn and
 * aws-us-gov: `streams-dynamodb[-fips]`). In GovCloud the plain endpoints are the FIPS ones, so FIPS without
 * dual-stack keeps the plain name. Region `local` is DynamoDB Local, `http://localhost:8000`, signed for us-east-1,
 * for Streams too (DynamoDB Local serves both there; the SDK's Streams resolver would give
 * `streams.dynamodb.local.amazonaws.com`, a host that does not exist).
 *
 * @throws ConfigError for a custom endpoint that is not an http(s) URL or carries user info, for a custom
 *   endpoint with FIPS or dual-stack, or region `local` with either (the AWS SDKs refuse both too), or for a
 *   region name that could change the host's shape.
 * @example resolveServiceEndpoint('streams.dynamodb', 'eu-west-1', { useFipsEndpoint: false, useDualstackEndpoint: false }).url
 * // 'https://streams.dynamodb.eu-west-1.amazonaws.com/'
 */
export function resolveServiceEndpoint(service: DynamoDBService, region: string, variants: EndpointVariants, custom?: CustomEndpoint): Endpoint {
  const { useFipsEndpoint: fips, useDualstackEndpoint: dualStack } = variants;
  if (custom !== undefined) {
    refuseVariants(variants, `a custom endpoint (${custom.source})`);
    return parseEndpoint(custom.url, custom.source);
  }
  checkRegionName(region);
  if (region === 'local') {
    refuseVariants(variants, 'region "local" (DynamoDB Local at http://localhost:8000)');
    return { url: 'http://localhost:8000/', host: 'localhost:8000', signingRegion: 'us-east-1' };
  }
  const partition = partitionOf(region);
  const suffix = dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix;
  const fipsName = fips && (dualStack || partition.name !== 'aws-us-gov');
  const name = service === 'streams.dynamodb' && dualStack && DASHED_STREAMS_DUALSTACK.has(partition.name) ? 'streams-dynamodb' : service;
  const host = `${name}${fipsName ? '-fips' : ''}.${region}.${suffix}`;
  return { url: `https://${host}/`, host };
}

/**
 * Parses an endpoint URL; the Host header keeps a non-default port, as SigV4 requires.
 *
 * @throws ConfigError naming `source`, for text that is no http(s) URL or has user info.
 */
export function parseEndpoint(text: string, source: string): Endpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${source}: "${text}" is not a URL (expected e.g. http://127.0.0.1:8000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${source}: "${text}" must be http or https`);
  if (url.username || url.password) throw new ConfigError(`${source}: credentials in the URL are not supported`);
  return { url: `${url.protocol}//${url.host}${url.pathname}`, host: url.host };
}

/** Refuses FIPS and dual-stack where the AWS SDKs do: with a custom endpoint and with region `local`. */
function refuseVariants({ useFipsEndpoint, useDualstackEndpoint }: EndpointVariants, what: string): void {
  const refused = [
    useFipsEndpoint ? 'FIPS (useFipsEndpoint, AWS_USE_FIPS_ENDPOINT, the profile\'s use_fips_endpoint or a FIPS region name such as fips-us-east-1)' : '',
    useDualstackEndpoint ? 'dual-stack (useDualstackEndpoint, AWS_USE_DUALSTACK_ENDPOINT or the profile\'s use_dualstack_endpoint)' : '',
  ].filter(Boolean);
  if (refused.length > 0) {
    throw new ConfigError(`${refused.join(' and ')} cannot be combined with ${what}, as in the AWS SDKs: turn one off`);
  }
}
