import { processCpuMs } from '../../plugins/delivery-backend/src/bench/processCpu';

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
