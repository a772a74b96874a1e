import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Prometheus rule group, as in a rules file. */
export interface RuleGroup {
  name: string;
  rules: Array<
    | {
        alert: string;
        expr: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      }
    | { record: string; expr: string; labels?: Record<string, string> }
  >;
}

/** An alert that fires at the first rule evaluation. */
export const firingAlert = (
  alert: string,
  labels: Record<string, string>,
  summary?: string,
) => ({
  alert,
  expr: 'vector(1)',
  labels,
  ...(summary ? { annotations: { summary } } : {}),
});

/** Constant Sloth-style series of one SLO (labels `service` and `slo`). */
export function constantSlo(
  service: string,
  slo: string,
  values: { objective: number; budgetRemaining: number; burnRate: number },
) {
  return [
    ['slo:objective:ratio', values.objective],
    ['slo:period_error_budget_remaining:ratio', values.budgetRemaining],
    ['slo:current_burn_rate:ratio', values.burnRate],
  ].map(([record, value]) => ({
    record: String(record),
    expr: `vector(${value})`,
    labels: { service, slo },
  }));
}

export interface RunningPrometheus {
  baseUrl: string;
  stop(): Promise<void>;
}

/** A free loopback port, for tests that need one before starting a server on it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function prometheusBinary(): string {
  const binary = process.env.PROMETHEUS_BIN ?? 'prometheus';
  if (spawnSync(binary, ['--version']).status !== 0) {
    throw new Error(
      `The prometheus binary (${binary}) is missing: apt-get install -y prometheus (scripts/launchpad install does), or set PROMETHEUS_BIN`,
    );
  }
  return binary;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Starts Debian's Prometheus on 127.0.0.1 with `groups` evaluated every
 * second, in a temporary directory, and waits until every alert of them
 * fires and every recorded series exists. Rules files may be JSON (YAML's
 * subset), so the groups are written as JSON.
 */
export async function startPrometheus(options: {
  groups: RuleGroup[];
  port?: number;
  /** how long to wait for the server and the first rule evaluation */
  timeoutMs?: number;
}): Promise<RunningPrometheus> {
  const binary = prometheusBinary();
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'launchpad-prometheus-'));
  writeFileSync(
    join(dir, 'rules.json'),
    JSON.stringify({
      groups: options.groups.map(g => ({ interval: '1s', ...g })),
    }),
  );
  writeFileSync(
    join(dir, 'prometheus.json'),
    JSON.stringify({
      global: { evaluation_interval: '1s' },
      rule_files: [join(dir, 'rules.json')],
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.json')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const alertNames = options.groups.flatMap(g =>
    g.rules.flatMap(r => ('alert' in r ? [r.alert] : [])),
  );
  const records = options.groups.flatMap(g =>
    g.rules.flatMap(r => ('record' in r ? [r.record] : [])),
  );
  const get = async (path: string) => {
    const res = await fetch(`${baseUrl}${path}`, {
      signal: AbortSignal.timeout(1000),
    });
    return res.ok ? res.json() : undefined;
  };
  const ready = async () => {
    const alerts = await get('/api/v1/alerts');
    const firing = new Set(
      (alerts?.data?.alerts ?? [])
        .filter((a: any) => a.state === 'firing')
        .map((a: any) => a.labels.alertname),
    );
    if (!alertNames.every(n => firing.has(n))) return false;
    for (const record of records) {
      const q = await get(`/api/v1/query?query=${encodeURIComponent(record)}`);
      if (!q?.data?.result?.length) return false;
    }
    return true;
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
    }
    if (await ready().catch(() => false)) return { baseUrl, stop };
    await sleep(250);
  }
  await stop();
  throw new Error(
    `prometheus on ${baseUrl} did not fire its alerts in time: ${stderr}`,
  );
}
