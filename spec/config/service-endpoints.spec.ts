import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/client-errors.js';
import { defaultStsRegion, ssoEndpoint, ssoOidcEndpoint, stsEndpoint } from '../../src/config/credentials/service-endpoints.js';
import { dnsSuffix } from '../../src/config/partition.js';
import { isolatedEnv } from './support/files.js';

const sts = (region: string, env = {}, profileSetting?: string): string => {
  const { url, region: signingRegion } = stsEndpoint(region, env, profileSetting);
  return `${url.origin} ${signingRegion}`;
};

describe('STS and SSO endpoints (no request is sent)', () => {
  it.each([
    ['us-east-1', 'https://sts.us-east-1.amazonaws.com us-east-1'],
    ['eu-west-1', 'https://sts.eu-west-1.amazonaws.com eu-west-1'],
    ['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com us-gov-west-1'],
    ['cn-north-1', 'https://sts.cn-north-1.amazonaws.com.cn cn-north-1'],
    ['cn-northwest-1', 'https://sts.cn-northwest-1.amazonaws.com.cn cn-northwest-1'],
    ['us-iso-east-1', 'https://sts.us-iso-east-1.c2s.ic.gov us-iso-east-1'],
    ['aws-global', 'https://sts.amazonaws.com us-east-1'],
  ])('STS is regional by default: %s', (region, expected) => {
    expect(sts(region)).toBe(expected);
  });

  it('AWS_STS_REGIONAL_ENDPOINTS=legacy gives the global endpoint for the regions that used it, signed for us-east-1', () => {
    const legacy = { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' };
    expect(sts('us-east-1', legacy)).toBe('https://sts.amazonaws.com us-east-1');
    expect(sts('eu-west-1', legacy)).toBe('https://sts.amazonaws.com us-east-1');
    expect(sts('ap-southeast-2', legacy)).toBe('https://sts.amazonaws.com us-east-1');
    // Regions that came later always had their own endpoint.
    expect(sts('ap-east-1', legacy)).toBe('https://sts.ap-east-1.amazonaws.com ap-east-1');
    expect(sts('cn-north-1', legacy)).toBe('https://sts.cn-north-1.amazonaws.com.cn cn-north-1');
    expect(sts('eu-west-1', { AWS_STS_REGIONAL_ENDPOINTS: 'regional' })).toBe('https://sts.eu-west-1.amazonaws.com eu-west-1');
  });

  it("takes the profile's sts_regional_endpoints when the variable is unset, the variable winning", () => {
    expect(sts('eu-west-1', {}, 'legacy')).toBe('https://sts.amazonaws.com us-east-1');
    expect(sts('eu-west-1', { AWS_STS_REGIONAL_ENDPOINTS: 'regional' }, 'legacy')).toBe('https://sts.eu-west-1.amazonaws.com eu-west-1');
  });

  it('refuses another AWS_STS_REGIONAL_ENDPOINTS value, naming where it came from', () => {
    expect(() => stsEndpoint('eu-west-1', { AWS_STS_REGIONAL_ENDPOINTS: 'global' })).toThrow(/AWS_STS_REGIONAL_ENDPOINTS must be regional or legacy/);
    expect(() => stsEndpoint('eu-west-1', {}, 'nope')).toThrow(/sts_regional_endpoints must be regional or legacy/);
  });

  it('AWS_ENDPOINT_URL_STS, _SSO and _SSO_OIDC win over AWS_ENDPOINT_URL, which wins over the regional default', () => {
    const env = {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1001',
      AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:1002/portal',
      AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:1003',
      AWS_STS_REGIONAL_ENDPOINTS: 'legacy',
    };
    expect(sts('eu-west-1', env)).toBe('http://127.0.0.1:1001 eu-west-1');
    expect(ssoEndpoint('eu-west-1', env).url.href).toBe('http://127.0.0.1:1002/portal');
    expect(ssoOidcEndpoint('eu-west-1', env).url.href).toBe('http://127.0.0.1:1003/');
    const general = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' };
    expect(sts('eu-west-1', general)).toBe('http://127.0.0.1:4566 eu-west-1');
    expect(ssoEndpoint('eu-west-1', general).url.origin).toBe('http://127.0.0.1:4566');
    expect(ssoOidcEndpoint('eu-west-1', general).url.origin).toBe('http://127.0.0.1:4566');
  });

  it('puts SSO and SSO-OIDC in the SSO region, with the partition suffix', () => {
    expect(ssoEndpoint('eu-central-1', {}).url.href).toBe('https://portal.sso.eu-central-1.amazonaws.com/');
    expect(ssoOidcEndpoint('eu-central-1', {}).url.href).toBe('https://oidc.eu-central-1.amazonaws.com/');
    expect(ssoEndpoint('cn-north-1', {}).url.href).toBe('https://portal.sso.cn-north-1.amazonaws.com.cn/');
    expect(ssoOidcEndpoint('us-gov-west-1', {}).url.href).toBe('https://oidc.us-gov-west-1.amazonaws.com/');
  });

  it('refuses endpoint variables that are not http(s) URLs, and region names that could change the host', () => {
    expect(() => stsEndpoint('us-east-1', { AWS_ENDPOINT_URL_STS: 'not a url' })).toThrow(/AWS_ENDPOINT_URL_STS is not a valid URL/);
    expect(() => ssoEndpoint('us-east-1', { AWS_ENDPOINT_URL: 'ftp://127.0.0.1' })).toThrow(/AWS_ENDPOINT_URL is not an http\(s\) URL/);
    expect(() => ssoEndpoint('evil.example#', {})).toThrow(ConfigError);
    expect(() => stsEndpoint('us-east-1/x', {})).toThrow(/not a valid AWS region name/);
  });

  it('defaults the STS region to AWS_REGION, AWS_DEFAULT_REGION, the profile region, then us-east-1', () => {
    expect(defaultStsRegion(isolatedEnv({ config: '[default]\nregion = eu-north-1\n' }, { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'sa-east-1' }))).toBe('ap-south-1');
    expect(defaultStsRegion(isolatedEnv({ config: '[default]\nregion = eu-north-1\n' }, { AWS_DEFAULT_REGION: 'sa-east-1' }))).toBe('sa-east-1');
    expect(defaultStsRegion(isolatedEnv({ config: '[default]\nregion = eu-north-1\n' }))).toBe('eu-north-1');
    expect(defaultStsRegion(isolatedEnv())).toBe('us-east-1');
  });

  it('knows the DNS suffix of each partition, amazonaws.com for regions of no known partition', () => {
    expect(['us-east-1', 'us-gov-east-1', 'cn-north-1', 'eusc-de-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1', 'xx-new-1'].map(dnsSuffix)).toEqual([
      'amazonaws.com', 'amazonaws.com', 'amazonaws.com.cn', 'amazonaws.eu', 'sc2s.sgov.gov', 'cloud.adc-e.uk', 'csp.hci.ic.gov', 'amazonaws.com',
    ]);
  });
});
