import { ConfigError } from '../errors/client-errors.js';

/** The AWS partitions by region pattern, with the DNS suffix of their endpoints (from the AWS SDK's partitions.json). */
const PARTITIONS: ReadonlyArray<{ regions: RegExp; dnsSuffix: string }> = [
  { regions: /^cn-\w+-\d+$|^aws-cn-global$/, dnsSuffix: 'amazonaws.com.cn' },
  { regions: /^eusc-de-\w+-\d+$/, dnsSuffix: 'amazonaws.eu' },
  { regions: /^us-iso-\w+-\d+$|^aws-iso-global$/, dnsSuffix: 'c2s.ic.gov' },
  { regions: /^us-isob-\w+-\d+$|^aws-iso-b-global$/, dnsSuffix: 'sc2s.sgov.gov' },
  { regions: /^eu-isoe-\w+-\d+$|^aws-iso-e-global$/, dnsSuffix: 'cloud.adc-e.uk' },
  { regions: /^us-isof-\w+-\d+$|^aws-iso-f-global$/, dnsSuffix: 'csp.hci.ic.gov' },
];

/**
 * The DNS suffix of a region's endpoints: `amazonaws.com` (aws, aws-us-gov, and any region of no known
 * partition, as the AWS SDKs assume), `amazonaws.com.cn` for China, or an isolated partition's suffix.
 *
 * @example dnsSuffix('cn-north-1') // 'amazonaws.com.cn'
 */
export function dnsSuffix(region: string): string {
  return PARTITIONS.find(({ regions }) => regions.test(region))?.dnsSuffix ?? 'amazonaws.com';
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
