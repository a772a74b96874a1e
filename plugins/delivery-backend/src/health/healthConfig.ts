import { Config } from '@backstage/config';

export interface PrometheusInstance {
  name: string;
  /** may carry credentials: never sent to a client nor logged */
  baseUrl: string;
}

export interface HealthConfig {
  /** the first one is asked unless an entity names another */
  prometheusInstances: PrometheusInstance[];
  /** how long a Prometheus request may take before its section says so */
  prometheusTimeoutMs: number;
  /** how far before an alert or incident the health page looks for changes */
  changeWindowMs: number;
}

const INSTANCE_NAME = /^[\w.-]{1,100}$/;

function positive(config: Config | undefined, key: string, fallback: number) {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new Error(`delivery.${key}: must be a number above 0, was ${value}`);
  }
  return value;
}

/** `delivery.prometheus` and `delivery.health`; a bad value stops the backend with a message naming its key. */
export function readHealthConfig(root: Config): HealthConfig {
  const config = root.getOptionalConfig('delivery');
  const instances = (
    config?.getOptionalConfigArray('prometheus.instances') ?? []
  ).map((instance, index) => {
    const key = `delivery.prometheus.instances[${index}]`;
    const name = instance.getString('name');
    if (!INSTANCE_NAME.test(name)) {
      throw new Error(
        `${key}.name: '${name}' must be 1-100 letters, digits, '_', '.' or '-'`,
      );
    }
    const baseUrl = instance.getString('baseUrl');
    let protocol: string;
    try {
      protocol = new URL(baseUrl).protocol;
    } catch {
      throw new Error(`${key}.baseUrl: not a URL`);
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new Error(`${key}.baseUrl: must be an http or https URL`);
    }
    return { name, baseUrl: baseUrl.replace(/\/+$/, '') };
  });
  const names = instances.map(i => i.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate) {
    throw new Error(
      `delivery.prometheus.instances: the name '${duplicate}' is used twice`,
    );
  }
  return {
    prometheusInstances: instances,
    prometheusTimeoutMs:
      positive(config, 'prometheus.timeoutSeconds', 3) * 1000,
    changeWindowMs: positive(config, 'health.changeWindowHours', 6) * 3_600_000,
  };
}
