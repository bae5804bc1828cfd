// A client whose clock is an hour off from DynamoDB's (and STS's): real requests over HTTP to stand-ins on
// 127.0.0.1 whose clocks run ahead or behind, checking X-Amz-Date as AWS does; dynalite behind for the data.
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDB } from '../../src/client.js';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import { startDynalite, type LocalDynamo } from '../support/dynalite.js';
import { LOCAL_CREDENTIALS, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { parseAmzDate, skewedDynamoDB, type SkewedServer } from '../support/skewed-server.js';
import { isolatedEnv } from '../config/support/files.js';
import { stsCredentialsXml, stsErrorXml, stsStandIn } from '../config/support/sts-stand-in.js';

const HOUR = 3_600_000;

describe('clock skew against servers whose clocks are an hour off', () => {
  let dynalite: LocalDynamo;
  const servers: SkewedServer[] = [];
  beforeAll(async () => {
    dynalite = await startDynalite();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await dynalite.close();
  });
  const skewed = async (skewMs: number): Promise<SkewedServer> => {
    const server = await skewedDynamoDB(dynalite.endpoint, skewMs);
    servers.push(server);
    return server;
  };

  for (const [label, skewMs] of [['ahead', HOUR], ['behind', -2 * HOUR]] as const) {
    it(`server ${label}: the first request is refused, signed again with the server's time, and later calls start right`, async () => {
      const server = await skewed(skewMs);
      const measurements: Measurement[] = [];
      const db = new DynamoDB({ endpoint: server.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, env: {}, onMeasurement: (m) => measurements.push(m) });
      const table = uniqueTableName('Skew');
      await firstValueFrom(db.createTable(tableDefinition(table)));
      await firstValueFrom(db.putItem(table, { pk: 'a', n: 1 }));
      expect(await firstValueFrom(db.getItem(table, { pk: 'a' }))).toEqual({ pk: 'a', n: 1 });
      expect(server.refused).toHaveLength(1);
      expect(server.accepted).toHaveLength(3);
      expect(measurements.map((m) => [m.action, m.attempts])).toEqual([['CreateTable', 2], ['PutItem', 1], ['GetItem', 1]]);
      // Signed within a few seconds of the server's clock (Date has whole seconds), not of ours.
      for (const signedAt of server.accepted) expect(Math.abs(parseAmzDate(signedAt) - (Date.now() + skewMs))).toBeLessThan(5_000);
    });
  }

  it('the offset belongs to the client: another client learns it on its own first request', async () => {
    const server = await skewed(HOUR);
    const client = () => new DynamoDB({ endpoint: server.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, env: {} });
    const [first, second] = [client(), client()];
    await lastValueFrom(first.listTables().pipe(toArray()));
    await lastValueFrom(first.listTables().pipe(toArray()));
    expect(server.refused).toHaveLength(1);
    await lastValueFrom(second.listTables().pipe(toArray()));
    expect(server.refused).toHaveLength(2);
  });

  it('a Date years ahead (a broken or hostile server) cannot lock out credentials the source hands out good by this machine\'s clock', async () => {
    const YEARS = 5 * 365 * 24 * HOUR;
    const sts = await stsStandIn((call, index) => {
      // Once: a refusal for the request's time with a Date 5 years ahead. Then: credentials good for an hour, real time.
      if (index === 0) return { ...stsErrorXml(403, 'SignatureDoesNotMatch', `Signature expired: ${String(call.headers['x-amz-date'])} is now earlier than the server time - 5 min.`), headers: { date: new Date(Date.now() + YEARS).toUTCString() } };
      return stsCredentialsXml('AssumeRole', { accessKeyId: 'ROLE', secretAccessKey: 'role-secret', sessionToken: 'role-token', expiration: new Date(Date.now() + HOUR) });
    });
    const config = '[profile base]\naws_access_key_id = BASE\naws_secret_access_key = base-secret\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n';
    const db = new DynamoDB({ endpoint: dynalite.endpoint, region: 'eu-west-1', profile: 'app', env: isolatedEnv({ config }, { AWS_ENDPOINT_URL_STS: sts.origin }) });
    for (let call = 0; call < 3; call++) await lastValueFrom(db.listTables().pipe(toArray()));
    // The refusal, then one AssumeRole whose credentials serve every call: not fetched again per call.
    expect(sts.calls.map((call) => call.params['Action'])).toEqual(['AssumeRole', 'AssumeRole']);
  });

  it('STS and DynamoDB share the client clock: a role refused by STS for its time teaches DynamoDB calls too', async () => {
    const server = await skewed(HOUR);
    const sts = await stsStandIn((call) => {
      const date = new Date(Date.now() + HOUR).toUTCString();
      const signedAt = String(call.headers['x-amz-date']);
      // STS allows 5 minutes, and says so with SignatureDoesNotMatch.
      if (Math.abs(parseAmzDate(signedAt) - (Date.now() + HOUR)) > 5 * 60_000) {
        return { ...stsErrorXml(403, 'SignatureDoesNotMatch', `Signature expired: ${signedAt} is now earlier than the server time - 5 min.`), headers: { date } };
      }
      return { ...stsCredentialsXml('AssumeRole', { accessKeyId: 'ROLE', secretAccessKey: 'role-secret', sessionToken: 'role-token', expiration: new Date(Date.now() + 2 * HOUR) }), headers: { date } };
    });
    const config = '[profile base]\naws_access_key_id = BASE\naws_secret_access_key = base-secret\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n';
    const env = isolatedEnv({ config }, { AWS_ENDPOINT_URL_STS: sts.origin });
    const db = new DynamoDB({ endpoint: server.endpoint, region: 'eu-west-1', profile: 'app', env });
    await lastValueFrom(db.listTables().pipe(toArray()));
    expect(sts.calls.map((call) => call.params['Action'])).toEqual(['AssumeRole', 'AssumeRole']);
    expect(server.refused).toEqual([]);
    expect(server.accepted).toHaveLength(1);
  });
});
