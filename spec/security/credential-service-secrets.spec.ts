import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fromAssumeRole } from '../../src/config/credentials/from-assume-role.js';
import { fromSso } from '../../src/config/credentials/from-sso.js';
import { fromWebIdentity } from '../../src/config/credentials/from-web-identity.js';
import { isolatedEnv, tempDir } from '../config/support/files.js';
import { errorOf } from '../config/support/observe.js';
import { jsonAnswer, ssoStandIn, writeSsoToken } from '../config/support/sso-stand-in.js';
import { stsStandIn, type Answer, type StsCall } from '../config/support/sts-stand-in.js';
import { views } from '../support/views.js';

// Secrets with the characters services escape: a JWT (its dots and dashes make it a valid XML name), and
// tokens with `/`, `+` and `=`.
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2ln-bmF0_dXJl';
const SOURCE = { accessKeyId: 'ASIASOURCE', secretAccessKey: 'sourceSECRET/key+x==', sessionToken: 'FwoGZXIvYXdzSESSION/abc+def==' };
const ACCESS_TOKEN = 'aoaSSOACCESS/token+1==';
const REFRESH_TOKEN = 'aorREFRESH/token+1==';
const CLIENT_SECRET = 'eyJraWQiOiJrZXkt.CLIENT/secret+1==';
const ROLE = 'arn:aws:iam::123456789012:role/reader';

/** The ways server text may quote a secret: as is, URL-encoded (lowercase hex too), encoded twice, JSON-escaped, `\u`-escaped, upper-cased. */
const ENCODINGS: Record<string, (secret: string) => string> = {
  literal: (secret) => secret,
  'percent-encoded, lowercase hex': (secret) => encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
  'encoded twice': (secret) => encodeURIComponent(encodeURIComponent(secret)),
  'slash-escaped': (secret) => secret.replace(/\//g, '\\/'),
  'u-escaped': (secret) => secret.replace(/[^a-z0-9]/gi, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
  'upper-cased': (secret) => secret.toUpperCase(),
};

/** Which of `secrets` (in any of the encodings) any view of `error` shows, by name. */
function leaks(error: Error, secrets: Record<string, string>): string[] {
  const text = views(error).join('\n');
  return Object.entries(secrets).flatMap(([name, secret]) =>
    Object.entries(ENCODINGS)
      .filter(([, encode]) => text.includes(encode(secret)))
      .map(([encoding]) => `${name} (${encoding})`),
  );
}

/** An STS error document quoting `echo` as its code, message and request id. */
const stsEchoing = (echo: string): Answer => ({
  status: 400,
  body: `<ErrorResponse><Error><Type>Sender</Type><Code>${echo}</Code><Message>bad: ${echo}</Message></Error><RequestId>${echo}</RequestId></ErrorResponse>`,
});

/** For each encoding: the error of `source` when the stand-in echoes what `echo` picks from the call, encoded. */
async function errorsEchoing(start: (answer: (call: StsCall) => Answer) => Promise<Observable<unknown>>, echo: (call: StsCall) => string): Promise<Error[]> {
  const errors: Error[] = [];
  for (const encode of Object.values(ENCODINGS)) errors.push(await errorOf(await start((call) => stsEchoing(encode(echo(call))))));
  return errors;
}

describe('STS and SSO errors show none of the secrets of their request, however the service quotes them', () => {
  const webIdentity = async (answer: (call: StsCall) => Answer): Promise<Observable<unknown>> => {
    const sts = await stsStandIn(answer);
    const tokenFile = join(tempDir(), 'token');
    writeFileSync(tokenFile, JWT);
    return fromWebIdentity({ roleArn: ROLE, webIdentityTokenFile: tokenFile, env: isolatedEnv({}, { AWS_ENDPOINT_URL_STS: sts.origin }) });
  };
  const assumeRole = async (answer: (call: StsCall) => Answer): Promise<Observable<unknown>> => {
    const sts = await stsStandIn(answer);
    return fromAssumeRole({ roleArn: ROLE, sourceCredentials: SOURCE, env: isolatedEnv({}, { AWS_ENDPOINT_URL_STS: sts.origin }) });
  };

  it('the search finds a secret in every encoding (so that finding none below means something)', () => {
    const error = new Error(Object.values(ENCODINGS).map((encode) => encode(JWT)).join(' '));
    expect(leaks(error, { token: JWT })).toHaveLength(Object.keys(ENCODINGS).length);
  });

  it('AssumeRoleWithWebIdentity: the web identity token in the code, message and request id', async () => {
    const errors = await errorsEchoing(webIdentity, (call) => call.params['WebIdentityToken'] ?? '');
    for (const error of errors) expect(leaks(error, { 'web identity token': JWT })).toEqual([]);
    expect(errors[0]).toMatchObject({ code: '[redacted]', requestId: '[redacted]' });
    expect(errors[0]?.message).toContain('bad: [redacted]');
  });

  it('AssumeRoleWithWebIdentity: a 200 answer whose root element is the token is called an unexpected document', async () => {
    const error = await errorOf(await webIdentity((call) => ({ body: `<${call.params['WebIdentityToken'] ?? ''}/>` })));
    expect(leaks(error, { 'web identity token': JWT })).toEqual([]);
    expect(error.message).toBe('STS AssumeRoleWithWebIdentity answered with an unexpected document instead of <AssumeRoleWithWebIdentityResponse>');
  });

  it("AssumeRole: the source credentials' session token, secret key and the request's signature", async () => {
    const signature = (call: StsCall): string => /Signature=([0-9a-f]+)/.exec(String(call.headers.authorization))?.[1] ?? '';
    const signatures: string[] = [];
    const errors = [
      ...(await errorsEchoing(assumeRole, () => SOURCE.sessionToken)),
      ...(await errorsEchoing(assumeRole, () => SOURCE.secretAccessKey)),
      ...(await errorsEchoing(assumeRole, (call) => {
        signatures.push(signature(call));
        return signature(call);
      })),
    ];
    expect(signatures.every((value) => value.length === 64)).toBe(true);
    const secrets = { 'session token': SOURCE.sessionToken, 'secret key': SOURCE.secretAccessKey, ...Object.fromEntries(signatures.map((value, index) => [`signature ${index}`, value])) };
    for (const error of errors) expect(leaks(error, secrets)).toEqual([]);
  });

  describe('IAM Identity Center', () => {
    const NOW = Date.now();
    const CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly

[sso-session corp]
sso_start_url = https://d-123.awsapps.com/start
sso_region = eu-west-1
`;
    const cachedToken = (expiresAt: number): Record<string, unknown> => ({
      accessToken: ACCESS_TOKEN,
      expiresAt: new Date(expiresAt).toISOString(),
      clientId: 'client-id-1',
      clientSecret: CLIENT_SECRET,
      registrationExpiresAt: new Date(NOW + 3_600_000).toISOString(),
      refreshToken: REFRESH_TOKEN,
    });

    it('the portal: the bearer token in x-amzn-ErrorType, x-amzn-RequestId, __type and message', async () => {
      for (const encode of Object.values(ENCODINGS)) {
        const echo = encode(ACCESS_TOKEN);
        const portal = await ssoStandIn(() => jsonAnswer({ __type: `com.amazon#${echo}`, message: `bad: ${echo}` }, 401, { 'x-amzn-errortype': echo, 'x-amzn-requestid': echo }));
        const home = tempDir();
        writeSsoToken(home, 'corp', cachedToken(NOW + 3_600_000));
        const error = await errorOf(fromSso({ profile: 'dev', env: isolatedEnv({ config: CONFIG }, { HOME: home, AWS_ENDPOINT_URL_SSO: portal.origin }) }));
        expect(leaks(error, { 'access token': ACCESS_TOKEN })).toEqual([]);
      }
    });

    it('SSO-OIDC: the client secret and refresh token as the OAuth error, its description and the request id', async () => {
      for (const encode of Object.values(ENCODINGS)) {
        for (const [echoed, other] of [
          [CLIENT_SECRET, REFRESH_TOKEN],
          [REFRESH_TOKEN, CLIENT_SECRET],
        ] as const) {
          const oidc = await ssoStandIn(() => jsonAnswer({ error: encode(echoed), error_description: `bad: ${encode(other)}` }, 400, { 'x-amzn-requestid': encode(echoed) }));
          const home = tempDir();
          writeSsoToken(home, 'corp', cachedToken(NOW - 1));
          const env = isolatedEnv({ config: CONFIG }, { HOME: home, AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_SSO_OIDC: oidc.origin });
          const error = await errorOf(fromSso({ profile: 'dev', env }));
          expect(oidc.calls).toHaveLength(1);
          expect(leaks(error, { 'client secret': CLIENT_SECRET, 'refresh token': REFRESH_TOKEN })).toEqual([]);
        }
      }
    });
  });
});
