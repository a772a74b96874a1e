import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const backendDir = resolvePackagePath('backend');
const repoRoot = path.resolve(backendDir, '../..');

export type RunningBackend = {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
};

type BackendOptions = {
  configFiles: string[];
  extraConfig: string;
  env?: Record<string, string>;
};

/**
 * Starts the real backend entry point (src/index.ts) in a child process with
 * the given app-config files from the repository root plus one extra config
 * written to a temporary file.
 */
function spawnBackend(options: BackendOptions): RunningBackend {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-backend-'));
  const extraConfigPath = path.join(tmpDir, 'app-config.test.yaml');
  fs.writeFileSync(extraConfigPath, options.extraConfig);

  const configArgs = [
    ...options.configFiles.map(file => path.join(repoRoot, file)),
    extraConfigPath,
  ].flatMap(file => ['--config', file]);

  const child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      ...configArgs,
    ],
    {
      cwd: backendDir,
      env: { ...process.env, NODE_ENV: 'production', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const exited = new Promise<number | null>(resolve =>
    child.on('exit', code => resolve(code)),
  );

  return {
    process: child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      fs.rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}

const firstOutputTimeoutMs = 30_000;

async function printsWithin(backend: RunningBackend, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (backend.output() || backend.process.exitCode !== null) return true;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Starts the backend, once more if the first process printed nothing at all
 * within 30 s. Our code prints "Loading config from ..." before anything
 * else, so silence means the process hung before running it: we saw Node's
 * off-thread TypeScript loader hooks (the dev transform) deadlock once under
 * load. A hang after our first line still fails the test.
 */
export async function startBackend(
  options: BackendOptions,
): Promise<RunningBackend> {
  const first = spawnBackend(options);
  if (await printsWithin(first, firstOutputTimeoutMs)) return first;
  first.process.kill('SIGKILL');
  await first.stop();
  return spawnBackend(options);
}

/** Polls a URL until it answers 200 or the backend process exits. */
export async function waitForHttpOk(
  url: string,
  backend: RunningBackend,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (backend.process.exitCode !== null) {
      throw new Error(`backend exited early:\n${backend.output()}`);
    }
    const ok = await fetch(url).then(
      res => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(
    `backend did not answer ${url} in time:\n${backend.output()}`,
  );
}
