import { ConfigReader } from '@backstage/config';
import { readHealthConfig } from './healthConfig';

const read = (delivery: object) =>
  readHealthConfig(new ConfigReader({ delivery }));

describe('readHealthConfig', () => {
  it('defaults to no Prometheus, a 3 s timeout and a 6 h change window', () => {
    expect(read({})).toEqual({
      prometheusInstances: [],
      prometheusTimeoutMs: 3000,
      changeWindowMs: 6 * 3_600_000,
    });
  });

  it('reads instances in order, without a trailing slash', () => {
    const config = read({
      prometheus: {
        instances: [
          { name: 'eu', baseUrl: 'https://prom.eu.example.com/' },
          { name: 'us', baseUrl: 'http://prom.us:9090' },
        ],
        timeoutSeconds: 1.5,
      },
      health: { changeWindowHours: 12 },
    });
    expect(config).toEqual({
      prometheusInstances: [
        { name: 'eu', baseUrl: 'https://prom.eu.example.com' },
        { name: 'us', baseUrl: 'http://prom.us:9090' },
      ],
      prometheusTimeoutMs: 1500,
      changeWindowMs: 12 * 3_600_000,
    });
  });

  it.each([
    [
      { prometheus: { instances: [{ name: 'a', baseUrl: 'ftp://x' }] } },
      'delivery.prometheus.instances[0].baseUrl: must be an http or https URL',
    ],
    [
      { prometheus: { instances: [{ name: 'a', baseUrl: 'nope' }] } },
      'delivery.prometheus.instances[0].baseUrl: not a URL',
    ],
    [
      { prometheus: { instances: [{ name: 'a b', baseUrl: 'http://x' }] } },
      "delivery.prometheus.instances[0].name: 'a b' must be",
    ],
    [
      {
        prometheus: {
          instances: [
            { name: 'a', baseUrl: 'http://x' },
            { name: 'a', baseUrl: 'http://y' },
          ],
        },
      },
      "delivery.prometheus.instances: the name 'a' is used twice",
    ],
    [
      { prometheus: { timeoutSeconds: 0 } },
      'delivery.prometheus.timeoutSeconds: must be a number above 0',
    ],
    [
      { health: { changeWindowHours: -1 } },
      'delivery.health.changeWindowHours: must be a number above 0',
    ],
  ])('refuses %j naming the key', (delivery, message) => {
    expect(() => read(delivery)).toThrow(message);
  });
});
