import fs from 'node:fs';

/** Milliseconds of CPU (user and system) process `pid` has used, from /proc; undefined elsewhere. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    // utime and stime, in clock ticks of 10 ms (USER_HZ 100 on Linux)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` and returns its result with the backend's CPU time per
 * request it made: a figure that depends far less on what else the machine
 * runs than latency does.
 */
export async function withBackendCpu<T extends { requests: number }>(
  pid: number | undefined,
  work: () => Promise<T>,
): Promise<T & { backendCpuMsPerRequest?: number }> {
  const before = processCpuMs(pid);
  const figures = await work();
  const after = processCpuMs(pid);
  if (before === undefined || after === undefined || !figures.requests)
    return figures;
  return {
    ...figures,
    backendCpuMsPerRequest: (after - before) / figures.requests,
  };
}
