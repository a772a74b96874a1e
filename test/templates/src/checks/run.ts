import { execFile } from 'node:child_process';

export type RunResult = { code: number; output: string };

/** Runs a command without a shell; resolves with its exit code and combined output. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise(resolve => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) code = typeof error.code === 'number' ? error.code : 1;
        const output = `${stdout}${stderr}`;
        resolve({ code, output: output || (error?.message ?? '') });
      },
    );
  });
}
