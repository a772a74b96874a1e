/** What a load run does, from the command line and the environment. */
export type ScenarioName = 'ingest' | 'metrics' | 'sqlite';

export const SCENARIOS: ScenarioName[] = ['ingest', 'metrics', 'sqlite'];

export type LoadOptions = {
  /** Seconds of traffic per scenario. */
  durationSeconds: number;
  scenarios: ScenarioName[];
  /** PostgreSQL server for the production-config backend. */
  postgresUrl: string;
};

const QUICK_SECONDS = 10;
const DEFAULT_SECONDS = 60;
const MAX_SECONDS = 600;

export function readOptions(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): LoadOptions {
  const quick = argv.includes('--quick') || env.LOAD_QUICK === '1';
  const durationSeconds = Number(
    env.DURATION ?? (quick ? QUICK_SECONDS : DEFAULT_SECONDS),
  );
  if (
    !Number.isFinite(durationSeconds) ||
    durationSeconds < 2 ||
    durationSeconds > MAX_SECONDS
  ) {
    throw new Error(
      `DURATION must be a number of seconds from 2 to ${MAX_SECONDS}, got ${env.DURATION}`,
    );
  }
  const only = argv
    .find(a => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const unknown = only?.filter(s => !SCENARIOS.includes(s as ScenarioName));
  if (unknown?.length) {
    throw new Error(
      `--only: unknown scenario ${unknown.join(
        ', ',
      )}; choose from ${SCENARIOS.join(', ')}`,
    );
  }
  return {
    durationSeconds,
    scenarios: (only as ScenarioName[] | undefined) ?? SCENARIOS,
    postgresUrl:
      env.LOAD_POSTGRES_URL ??
      env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
      'postgresql://postgres@127.0.0.1:5432',
  };
}
