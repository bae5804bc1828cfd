import { ConfigError } from '../../errors/client-errors.js';
import { proxyFor } from '../../http/proxy.js';
import { envVar, type Env } from '../env.js';
import { dnsSuffix, readRegionName } from '../partition.js';
import { resolveProxySettings } from '../proxy.js';
import { profileRegion, resolveProfileName } from '../shared-files.js';
import { parseUrl, type ServiceRoute } from './http.js';

/** Where to send an STS request, and the region to sign it for. */
export interface ServiceEndpoint extends ServiceRoute {
  region: string;
}

const GLOBAL_STS = 'https://sts.amazonaws.com';
const STS_REGIONAL_ENDPOINTS = 'AWS_STS_REGIONAL_ENDPOINTS';
/** The regions whose STS calls went to the global endpoint before regional endpoints were the default. */
const LEGACY_GLOBAL_REGIONS: ReadonlySet<string> = new Set([
  'aws-global', 'ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ca-central-1', 'eu-central-1', 'eu-north-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]);

/**
 * @internal The region for STS when the caller gives none, as the AWS SDK v3 finds it: `AWS_REGION`,
 * `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`.
 */
export function defaultStsRegion(env: Env): string {
  return envVar(env, 'AWS_REGION') ?? envVar(env, 'AWS_DEFAULT_REGION') ?? profileRegion(resolveProfileName(undefined, env), env) ?? 'us-east-1';
}

/**
 * @internal STS for a region (a FIPS pseudo-region is its region: see `readRegionName`): `AWS_ENDPOINT_URL_STS`, else `AWS_ENDPOINT_URL`, else
 * `https://sts.<region>.<partition's DNS suffix>`, or the global `https://sts.amazonaws.com` (signed for
 * us-east-1) for region `aws-global`, and for the regions that used it before when `AWS_STS_REGIONAL_ENDPOINTS`
 * (or the profile's `sts_regional_endpoints`) is `legacy`.
 *
 * The proxy is the environment's for that URL.
 *
 * @throws ConfigError for an endpoint URL that is not http(s), a setting other than `regional` / `legacy`, or
 *   a bad proxy variable.
 */
export function stsEndpoint(regionName: string, env: Env, profileSetting?: string): ServiceEndpoint {
  const { region } = readRegionName(regionName);
  const configured = configuredEndpoint('STS', env);
  if (configured !== undefined) return { ...routeTo(configured, env), region };
  const [source, mode] = envVar(env, STS_REGIONAL_ENDPOINTS) !== undefined
    ? [STS_REGIONAL_ENDPOINTS, envVar(env, STS_REGIONAL_ENDPOINTS)]
    : ["the profile's sts_regional_endpoints", profileSetting];
  const legacy = mode?.toLowerCase() === 'legacy';
  if (mode !== undefined && !legacy && mode.toLowerCase() !== 'regional') throw new ConfigError(`${source} must be regional or legacy`);
  if (region === 'aws-global' || (legacy && LEGACY_GLOBAL_REGIONS.has(region))) return { ...routeTo(new URL(GLOBAL_STS), env), region: 'us-east-1' };
  return { ...routeTo(regionalUrl('sts', region), env), region };
}

/** @internal The IAM Identity Center portal (`GetRoleCredentials`): `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL`, else `https://portal.sso.<region>.<suffix>`; the environment's proxy. */
export function ssoEndpoint(region: string, env: Env): ServiceRoute {
  return routeTo(configuredEndpoint('SSO', env) ?? regionalUrl('portal.sso', region), env);
}

/** @internal SSO-OIDC (`CreateToken`): `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL`, else `https://oidc.<region>.<suffix>`; the environment's proxy. */
export function ssoOidcEndpoint(region: string, env: Env): ServiceRoute {
  return routeTo(configuredEndpoint('SSO_OIDC', env) ?? regionalUrl('oidc', region), env);
}

/** A URL with the proxy the environment names for it, as the AWS CLI and the Python and Go SDKs use it for STS and SSO. */
function routeTo(url: URL, env: Env): ServiceRoute {
  return { url, proxy: proxyFor(url, resolveProxySettings(env)) };
}

/**
 * `https://<service>.<region>.<partition's DNS suffix>`, for a region name that cannot change the host's shape; a
 * FIPS pseudo-region (`fips-us-gov-west-1`) is its region here, as STS and SSO keep their regional endpoints.
 */
function regionalUrl(service: string, regionName: string): URL {
  const { region } = readRegionName(regionName);
  return new URL(`https://${service}.${region}.${dnsSuffix(region)}`);
}

/** The service's `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, as the AWS SDKs read them. */
function configuredEndpoint(service: 'STS' | 'SSO' | 'SSO_OIDC', env: Env): URL | undefined {
  for (const variable of [`AWS_ENDPOINT_URL_${service}`, 'AWS_ENDPOINT_URL']) {
    const text = envVar(env, variable);
    if (text === undefined) continue;
    const url = parseUrl(text, variable);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${variable} is not an http(s) URL`);
    return url;
  }
  return undefined;
}
