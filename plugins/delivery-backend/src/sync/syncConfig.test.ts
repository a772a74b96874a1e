import { ConfigReader } from '@backstage/config';
import { readSyncConfig } from './syncConfig';

describe('readSyncConfig', () => {
  it('is off with defaults when nothing is configured', () => {
    expect(readSyncConfig(new ConfigReader({}))).toEqual({
      schedule: undefined,
      backfillDays: 180,
      concurrency: 4,
      minRateLimitRemaining: 100,
      deploymentWorkflows: [],
      incidentLabel: 'incident',
      productionEnvironments: ['production', 'prod', 'live'],
    });
  });

  it('reads the schedule, the deployment workflows and the incident label', () => {
    const config = readSyncConfig(
      new ConfigReader({
        delivery: {
          github: {
            incidentLabel: 'sev',
            sync: {
              schedule: { frequency: { minutes: 5 }, timeout: 'PT30M' },
              backfillDays: 30,
              deploymentWorkflows: [
                { workflow: 'Deploy*' },
                { workflow: 'Release', environment: 'prod-eu' },
                { workflow: 'CI', job: 'deploy-*', environment: 'staging' },
              ],
            },
          },
        },
      }),
    );
    expect(config.schedule?.frequency).toEqual({ minutes: 5 });
    expect(config).toMatchObject({
      backfillDays: 30,
      incidentLabel: 'sev',
      deploymentWorkflows: [
        { workflow: 'Deploy*', environment: 'production' },
        { workflow: 'Release', environment: 'prod-eu' },
        { workflow: 'CI', job: 'deploy-*', environment: 'staging' },
      ],
    });
    // toMatchObject: a rule without a job has no job key at all
    expect(config.deploymentWorkflows[0]).not.toHaveProperty('job');
  });

  it.each([
    ['backfillDays', 0, 'from 1 to 3650'],
    ['backfillDays', 1.5, 'from 1 to 3650'],
    ['concurrency', 100, 'from 1 to 32'],
  ])('refuses %s %p, naming the key', (key, value, range) => {
    expect(() =>
      readSyncConfig(
        new ConfigReader({ delivery: { github: { sync: { [key]: value } } } }),
      ),
    ).toThrow(
      `delivery.github.sync.${key} must be a whole number ${range}, got ${value}`,
    );
  });
});
