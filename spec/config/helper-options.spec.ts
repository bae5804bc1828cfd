// Every from* credential helper takes one options object, and refuses bad options naming them,
// as an error notification, before it reads a file, runs a command or sends a request.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, type Observable } from 'rxjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { InvalidParameterError } from '../../src/errors/client-errors.js';
import {
  defaultCredentialChain,
  fromAssumeRole,
  fromContainer,
  fromEnv,
  fromInstanceMetadata,
  fromProcess,
  fromSharedFiles,
  fromSso,
  fromWebIdentity,
  type Credentials,
} from '../../src/index.js';
import { tempDir } from './support/files.js';
import { errorOf, nodeCommand } from './support/observe.js';
import { standIn } from './support/stand-in.js';

type Helper = (options?: unknown) => Observable<Credentials>;
const HELPERS: [string, Helper, string][] = [
  ['fromEnv', fromEnv as Helper, 'env'],
  ['fromContainer', fromContainer as Helper, 'env'],
  ['fromInstanceMetadata', fromInstanceMetadata as Helper, 'env'],
  ['fromSharedFiles', fromSharedFiles as Helper, 'profile, env, region'],
  ['defaultCredentialChain', defaultCredentialChain as Helper, 'profile, env, region'],
  ['fromProcess', fromProcess as Helper, 'command, env, timeoutMs, label'],
  ['fromWebIdentity', fromWebIdentity as Helper, 'roleArn, webIdentityTokenFile, roleSessionName, durationSeconds, region, env'],
  ['fromAssumeRole', fromAssumeRole as Helper, 'roleArn, sourceCredentials, roleSessionName, externalId, durationSeconds, region, env'],
  ['fromSso', fromSso as Helper, 'profile, env'],
];

/** The InvalidParameterError `source` fails with; fails the test for anything else. */
async function refusal(source: Observable<unknown>): Promise<InvalidParameterError> {
  const error = await errorOf(source);
  expect(error).toBeInstanceOf(InvalidParameterError);
  return error as InvalidParameterError;
}

describe.each(HELPERS)('%s', (_name, helper, allowed) => {
  // What the helper needs to get past its options (fromProcess and fromAssumeRole have required ones).
  const base =
    helper === (fromProcess as Helper) ? { command: 'true' } : helper === (fromAssumeRole as Helper) ? { roleArn: 'arn:aws:iam::123456789012:role/r' } : {};

  it.each(['enn', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'])('refuses an unknown name (%s), Object.prototype names too', async (name) => {
    const error = await refusal(helper({ ...base, [name]: 1 }));
    expect(error.parameter).toBe(`options.${name}`);
    expect(error.message).toBe(`options.${name}: unknown option; allowed: ${allowed}`);
  });

  it('refuses an own __proto__ (as JSON.parse makes it), and an object whose prototype was set', async () => {
    const parsed = Object.assign(JSON.parse('{"__proto__": {"env": {}}}') as object, base);
    expect((await refusal(helper(parsed))).parameter).toBe('options.__proto__');
    const inherited = { __proto__: { env: {} }, ...base };
    expect((await refusal(helper(inherited))).message).toBe('options: must be a plain object, got an object');
  });

  it('refuses options that are not an object, and an env that is not one of strings', async () => {
    expect((await refusal(helper(5))).message).toBe('options: must be an object, got a number');
    // fromProcess took the command first in 0.1: a string there gets the way to pass it now.
    const stringRefusal = helper === (fromProcess as Helper) ? 'options: is a string: pass the command as { command, ...options }' : 'options: must be an object, got a string';
    expect((await refusal(helper('x'))).message).toBe(stringRefusal);
    expect((await refusal(helper({ ...base, env: 'AWS_PROFILE=x' }))).message).toBe('options.env: must be an object of strings, got a string');
    expect((await refusal(helper({ ...base, env: [] }))).parameter).toBe('options.env');
    expect((await refusal(helper({ ...base, env: { AWS_REGION: 5 } }))).message).toBe('options.env.AWS_REGION: must be a string, got a number');
  });

  it('refuses at subscription, not at the call', () => {
    expect(() => helper({ ...base, enn: 1 })).not.toThrow();
  });
});

describe('the options each helper accepts', () => {
  const keys = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret', UNSET: undefined };

  it('fromEnv({ env }) reads that environment; fromEnv() reads process.env', async () => {
    expect(await firstValueFrom(fromEnv({ env: keys }))).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret' });
    const error = await errorOf(fromEnv()).catch(() => undefined);
    expect(error).not.toBeInstanceOf(InvalidParameterError);
  });

  it('refuse an environment given as the options (the 0.1 form), which the types let through for process.env', async () => {
    const error = await refusal(fromContainer(process.env));
    expect(error.message).toBe('options: is process.env: pass an environment as { env }');
  });

  it('take process.env itself (not a plain object) as env', async () => {
    await expect(firstValueFrom(fromSharedFiles({ env: process.env, profile: '' }))).rejects.not.toBeInstanceOf(InvalidParameterError);
  });

  it('defaultCredentialChain refuses a profile that is not a string; an empty one names none', async () => {
    expect((await refusal(defaultCredentialChain({ profile: 5 as never }))).message).toBe('options.profile: must be a profile name string, got a number');
    expect(await firstValueFrom(defaultCredentialChain({ profile: '', env: keys }))).toEqual({ accessKeyId: 'AKID', secretAccessKey: 'secret' });
  });

  it('fromAssumeRole needs a role ARN, and credentials or a provider as its source', async () => {
    expect((await refusal(fromAssumeRole({} as never))).message).toBe('options.roleArn: is required: the ARN of the role to assume');
    const roleArn = 'arn:aws:iam::123456789012:role/r';
    expect((await refusal(fromAssumeRole({ roleArn, sourceCredentials: 'AKID' as never }))).message).toBe(
      'options.sourceCredentials: must be credentials or a function that provides them, got a string',
    );
    expect((await refusal(fromAssumeRole({ roleArn, externalId: '' }))).parameter).toBe('options.externalId');
  });

  it('the STS helpers and the chain take a region name, and durations STS accepts', async () => {
    expect((await refusal(defaultCredentialChain({ region: 'eu west' }))).message).toBe('options.region: must be an AWS region name such as eu-west-1, got "eu west"');
    expect((await refusal(fromWebIdentity({ region: 5 as never }))).parameter).toBe('options.region');
    expect((await refusal(fromWebIdentity({ durationSeconds: 899 }))).message).toBe('options.durationSeconds: must be an integer from 900 to 43200, got 899');
    expect((await refusal(fromSso({ profile: [] as never }))).parameter).toBe('options.profile');
  });

  it('fromProcess needs a command string and an integer timeout, and runs nothing when they are bad', async () => {
    const marker = join(tempDir(), 'ran');
    const command = nodeCommand(`require("fs").writeFileSync(${JSON.stringify(marker)}, "")`);
    expect((await refusal(fromProcess({} as never))).message).toBe('options.command: is required: the command line that prints the credentials');
    // The 0.1 form, fromProcess(command, options): refused with the way to pass it, never repeating the command.
    expect((await refusal((fromProcess as (...args: unknown[]) => Observable<Credentials>)(command, { timeoutMs: 5000 }))).message).toBe(
      'options: is a string: pass the command as { command, ...options }',
    );
    expect((await refusal(fromProcess({ command: 5 as never }))).parameter).toBe('options.command');
    for (const timeoutMs of [0, 1.5, '300']) {
      expect((await refusal(fromProcess({ command, timeoutMs: timeoutMs as never }))).parameter).toBe('options.timeoutMs');
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('fromContainer and fromInstanceMetadata send nothing when their options are bad', async () => {
    const server = await standIn((_request, response) => response.end('{}'));
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.origin, AWS_EC2_METADATA_SERVICE_ENDPOINT: server.origin };
    await refusal(fromContainer({ env, toString: 1 } as never));
    await refusal(fromInstanceMetadata({ env, constructor: 1 } as never));
    expect(server.received).toEqual([]);
  });

  it('are typed: one options object, the 0.1 positional forms do not compile', () => {
    expectTypeOf(fromEnv).parameter(0).toEqualTypeOf<{ env?: Record<string, string | undefined> | undefined } | undefined>();
    // @ts-expect-error: the environment goes in options.env
    void fromEnv({ AWS_ACCESS_KEY_ID: 'a' });
    // @ts-expect-error: the command goes in options.command
    void fromProcess('aws-vault export --format=json dev');
    // @ts-expect-error: the environment goes in options.env
    void fromContainer({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/' });
    // @ts-expect-error: a misspelled option
    void defaultCredentialChain({ profle: 'dev' });
    // @ts-expect-error: the role is required
    void fromAssumeRole({});
    // @ts-expect-error: a misspelled option
    void fromWebIdentity({ roleARN: 'arn' });
  });
});
