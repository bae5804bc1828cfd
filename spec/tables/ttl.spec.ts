import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/instrumentation/measurement.js';
import type { DynamoDB } from '../../src/client.js';
import { localClient, tableDefinition, uniqueTableName } from '../support/local-client.js';
import { dynamodbLocal } from '../support/local-servers.js';

// Time to live for real, on the run's DynamoDB Local (dynalite cannot update TTL).
describe('time to live on DynamoDB Local', () => {
  let db: DynamoDB;
  const measurements: Measurement[] = [];
  const table = uniqueTableName('Sessions');

  beforeAll(async () => {
    db = localClient(dynamodbLocal().endpoint, { onMeasurement: (m) => measurements.push(m) });
    await firstValueFrom(db.createTable(tableDefinition(table)));
  });
  afterAll(() => firstValueFrom(db.deleteTable(table)));

  it('is off on a new table', async () => {
    expect(await firstValueFrom(db.describeTimeToLive(table))).toEqual({ TimeToLiveStatus: 'DISABLED' });
  });

  it('turns on: emits the specification applied, and the description names the attribute', async () => {
    expect(await firstValueFrom(db.updateTimeToLive(table, { Enabled: true, AttributeName: 'expiresAt' }))).toEqual({ Enabled: true, AttributeName: 'expiresAt' });
    expect(await firstValueFrom(db.describeTimeToLive(table))).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
  });

  it("passes DynamoDB's refusal on: turning it on twice is a ValidationException", async () => {
    const error = await firstValueFrom(db.updateTimeToLive(table, { Enabled: true, AttributeName: 'expiresAt' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationException', action: 'UpdateTimeToLive', message: expect.stringMatching(/already enabled/) });
  });

  it('turns off', async () => {
    expect(await firstValueFrom(db.updateTimeToLive(table, { Enabled: false, AttributeName: 'expiresAt' }))).toEqual({ Enabled: false, AttributeName: 'expiresAt' });
    expect(await firstValueFrom(db.describeTimeToLive(table))).toEqual({ TimeToLiveStatus: 'DISABLED' });
  });

  it('fails for a table that does not exist with ResourceNotFoundException; measurements name the table', async () => {
    measurements.length = 0;
    const missing = uniqueTableName('Missing');
    expect(await firstValueFrom(db.describeTimeToLive(missing)).catch((e: unknown) => e)).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await firstValueFrom(db.updateTimeToLive(missing, { Enabled: true, AttributeName: 'x' })).catch((e: unknown) => e)).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(measurements.map((m) => [m.action, m.table, m.error])).toEqual([
      ['DescribeTimeToLive', missing, 'ResourceNotFoundException'],
      ['UpdateTimeToLive', missing, 'ResourceNotFoundException'],
    ]);
  });
});
