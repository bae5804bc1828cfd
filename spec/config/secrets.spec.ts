import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { parseIni } from '../../src/config/ini.js';
import { defaultCredentialChain } from '../../src/config/credentials/chain.js';
import { fromContainer } from '../../src/config/credentials/from-container.js';
import { fromEnv } from '../../src/config/credentials/from-env.js';
import { fromInstanceMetadata } from '../../src/config/credentials/from-instance-metadata.js';
import { fromSharedFiles } from '../../src/config/credentials/from-shared-files.js';
import { toCredentialSource } from '../../src/config/credentials/normalize.js';
import type { Credentials } from '../../src/config/credentials/types.js';
import { views } from '../support/views.js';
import { isolatedEnv } from './support/files.js';
import { errorOf, nodeCommand } from './support/observe.js';
import { json, standIn } from './support/stand-in.js';

const SECRET = 'SECRETKEY-7f3a91';
const TOKEN = 'SESSIONTOKEN-9c1d27';
const AUTH = 'AUTHTOKEN-4b2e58';
const LEAKED = [SECRET, TOKEN, AUTH];
const DOCUMENT = { AccessKeyId: 'AKID', SecretAccessKey: SECRET, Token: TOKEN };

function expectNoSecrets(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const view of views(error)) for (const secret of LEAKED) expect(view).not.toContain(secret);
}

const expectFailsClean = async (source: () => Observable<unknown>): Promise<void> => expectNoSecrets(await errorOf(source()));
const profile = (settings: string) => isolatedEnv({ credentials: `[default]\n${settings}\n` });
const processPrinting = (document: object, exitCode = 0): string =>
  `credential_process = ${nodeCommand(`console.log(${JSON.stringify(JSON.stringify(document))}); process.exit(${exitCode})`)}`;

describe('no error ever shows a secret', () => {
  it('in a shared-file syntax error', () => {
    try {
      parseIni(`[default]\naws_secret_access_key ${SECRET}\n`, 'credentials');
    } catch (error) {
      expectNoSecrets(error);
      return;
    }
    throw new Error('expected a syntax error');
  });

  it.each([
    ['a partial environment', { AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN }],
    ['a bad expiration', { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: SECRET, AWS_CREDENTIAL_EXPIRATION: `x${TOKEN}` }],
  ])('in the environment provider: %s', async (_name, env) => {
    await expectFailsClean(() => fromEnv({ env: env }));
    await expectFailsClean(() => defaultCredentialChain({ env: isolatedEnv({}, env) }));
  });

  it.each([
    ['a profile with only the secret key', `aws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}`],
    ['a profile that needs STS', `aws_access_key_id = AKID\naws_secret_access_key = ${SECRET}\nrole_arn = arn:${TOKEN}`],
    ['a process that fails', processPrinting({ Version: 1, ...DOCUMENT, SessionToken: TOKEN }, 1)],
    ['a process that prints non-JSON', `credential_process = ${nodeCommand(`console.log("${SECRET} ${TOKEN}")`)}`],
    ['a process with the wrong Version', processPrinting({ Version: 2, ...DOCUMENT, SessionToken: TOKEN })],
    ['a process with a bad Expiration', processPrinting({ Version: 1, ...DOCUMENT, Expiration: TOKEN })],
  ])('in the shared-files provider: %s', async (_name, settings) => {
    await expectFailsClean(() => fromSharedFiles({ env: profile(settings) }));
  });

  it.each([
    ['a 500', (response: import('node:http').ServerResponse) => json(response, DOCUMENT, 500)],
    ['a non-JSON body', (response: import('node:http').ServerResponse) => response.end(`${SECRET} ${TOKEN}`)],
    ['a document without a key id', (response: import('node:http').ServerResponse) => json(response, { ...DOCUMENT, AccessKeyId: 7 })],
    ['a reset connection', (response: import('node:http').ServerResponse) => response.socket?.destroy()],
  ])('in the container provider, which sent the authorization token: %s', async (_name, answer) => {
    const server = await standIn((_request, response) => answer(response));
    await expectFailsClean(() => fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.origin}/c`, AWS_CONTAINER_AUTHORIZATION_TOKEN: AUTH } }));
    expect(server.received[0]?.headers.authorization).toBe(AUTH);
  });

  it('in the container provider: a refused URI or a token with a line break', async () => {
    await expectFailsClean(() => fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://x:${AUTH}@example.com/${TOKEN}?${SECRET}` } }));
    await expectFailsClean(() => fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/', AWS_CONTAINER_AUTHORIZATION_TOKEN: `${AUTH}\r\nX: y` } }));
  });

  it('in the instance metadata provider', async () => {
    const server = await standIn((request, response) => {
      if (request.method === 'PUT') response.end(AUTH);
      else if (request.url?.endsWith('/')) response.end('role');
      else json(response, { Code: `Failed ${TOKEN}`, ...DOCUMENT });
    });
    await expectFailsClean(() => fromInstanceMetadata({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: server.origin, AWS_EC2_METADATA_DISABLED: '' } }));
  });

  it.each([
    ['a static object with a bad field', { accessKeyId: 'AKID', secretAccessKey: SECRET, sessionToken: 5 }],
    ['a static object without a key id', { secretAccessKey: SECRET, sessionToken: TOKEN }],
  ])('in user-given credentials: %s', (_name, credentials) => {
    try {
      toCredentialSource(credentials as unknown as Credentials);
    } catch (error) {
      expectNoSecrets(error);
      return;
    }
    throw new Error('expected a ConfigError');
  });

  it("in user-given credentials: a provider's bad value", async () => {
    await expectFailsClean(() => toCredentialSource(() => ({ accessKeyId: '', secretAccessKey: SECRET, sessionToken: TOKEN })));
  });
});
