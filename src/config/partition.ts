import { ConfigError } from '../errors/client-errors.js';

/** An AWS partition as endpoints need it (from the AWS SDK's partitions.json). */
export interface Partition {
  /** `aws`, `aws-cn`, `aws-us-gov`, `aws-eusc`, `aws-iso`, `aws-iso-b`, `aws-iso-e` or `aws-iso-f`. */
  readonly name: string;
  /** The suffix of its endpoints' host names, e.g. `amazonaws.com.cn`. */
  readonly dnsSuffix: string;
  /** The suffix of its dual-stack (IPv4 and IPv6) endpoints, e.g. `api.aws`. */
  readonly dualStackDnsSuffix: string;
}

/** The partitions other than `aws`, by region pattern. */
const PARTITIONS: ReadonlyArray<{ regions: RegExp; partition: Partition }> = [
  { regions: /^cn-\w+-\d+$|^aws-cn-global$/, partition: { name: 'aws-cn', dnsSuffix: 'amazonaws.com.cn', dualStackDnsSuffix: 'api.amazonwebservices.com.cn' } },
  { regions: /^us-gov-\w+-\d+$|^aws-us-gov-global$/, partition: { name: 'aws-us-gov', dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws' } },
  { regions: /^eusc-de-\w+-\d+$/, partition: { name: 'aws-eusc', dnsSuffix: 'amazonaws.eu', dualStackDnsSuffix: 'api.amazonwebservices.eu' } },
  { regions: /^us-iso-\w+-\d+$|^aws-iso-global$/, partition: { name: 'aws-iso', dnsSuffix: 'c2s.ic.gov', dualStackDnsSuffix: 'api.aws.ic.gov' } },
  { regions: /^us-isob-\w+-\d+$|^aws-iso-b-global$/, partition: { name: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov', dualStackDnsSuffix: 'api.aws.scloud' } },
  { regions: /^eu-isoe-\w+-\d+$|^aws-iso-e-global$/, partition: { name: 'aws-iso-e', dnsSuffix: 'cloud.adc-e.uk', dualStackDnsSuffix: 'api.cloud-aws.adc-e.uk' } },
  { regions: /^us-isof-\w+-\d+$|^aws-iso-f-global$/, partition: { name: 'aws-iso-f', dnsSuffix: 'csp.hci.ic.gov', dualStackDnsSuffix: 'api.aws.hci.ic.gov' } },
];

/** The commercial partition, also the answer for a region of no known partition, as the AWS SDKs assume. */
const AWS: Partition = { name: 'aws', dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws' };

/**
 * The partition of a region: `aws` for the commercial regions and any region of no known partition.
 *
 * @example partitionOf('us-gov-west-1').name // 'aws-us-gov'
 */
export function partitionOf(region: string): Partition {
  return PARTITIONS.find(({ regions }) => regions.test(region))?.partition ?? AWS;
}

/**
 * The DNS suffix of a region's endpoints: `amazonaws.com` (aws, aws-us-gov, and any region of no known
 * partition, as the AWS SDKs assume), `amazonaws.com.cn` for China, or an isolated partition's suffix.
 *
 * @example dnsSuffix('cn-north-1') // 'amazonaws.com.cn'
 */
export function dnsSuffix(region: string): string {
  return partitionOf(region).dnsSuffix;
}

/** Whether a region name has the shape of one: lower-case letters, digits and dashes, so a host name built from it keeps its shape. */
export function isRegionName(region: string): boolean {
  return /^[a-z0-9-]{1,64}$/.test(region);
}

/**
 * A region name, checked with {@link isRegionName}.
 *
 * @throws ConfigError naming the region.
 */
export function checkRegionName(region: string): string {
  if (!isRegionName(region)) throw new ConfigError(`region "${region}" is not a valid AWS region name`);
  return region;
}

/** A region as the client uses it: the region, and whether its name asked for FIPS endpoints. */
export interface RegionName {
  /** The real region, e.g. `us-gov-west-1` for `fips-us-gov-west-1`. */
  readonly region: string;
  /** Whether the name was a legacy FIPS pseudo-region, which turns `useFipsEndpoint` on. */
  readonly fips: boolean;
}

/**
 * The region a name stands for, read as the AWS SDK v3 reads legacy FIPS pseudo-regions (`getRealRegion` and
 * `isFipsRegion` of its config resolver): a name that starts with `fips-` or ends with `-fips` is its region
 * with FIPS endpoints (`fips-us-gov-west-1`, `us-east-1-fips`, `fips-dkr-us-east-1`, `fips-prod-us-east-1`;
 * `fips-aws-global` and `aws-fips` are us-east-1). Any other name is itself, without FIPS.
 *
 * @throws ConfigError naming the region for a name that is not one ({@link checkRegionName}), or that still
 *   names FIPS once read so (`dynamodb-fips-us-east-1`, `fips-us-east-1-fips`): the SDK would send those to a
 *   host that does not exist; the error says to give the region and `useFipsEndpoint` instead.
 * @example readRegionName('fips-us-gov-west-1') // { region: 'us-gov-west-1', fips: true }
 */
export function readRegionName(name: string): RegionName {
  checkRegionName(name);
  const fips = name.startsWith('fips-') || name.endsWith('-fips');
  const region = !fips ? name : name === 'fips-aws-global' || name === 'aws-fips' ? 'us-east-1' : name.replace(/fips-(dkr-|prod-)?|-fips/, '');
  if (!isRegionName(region) || /(^|-)fips(-|$)/.test(region)) {
    throw new ConfigError(
      `region "${name}" is not a region: a FIPS endpoint is asked for with the region and useFipsEndpoint ` +
        '(AWS_USE_FIPS_ENDPOINT=true), e.g. region "us-east-1" with useFipsEndpoint: true',
    );
  }
  return { region, fips };
}
