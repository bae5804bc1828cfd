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
