import fs from 'fs';

/**
 * Milliseconds of CPU (user and system) process `pid` has used, from /proc;
 * undefined elsewhere or when the process has ended.
 */
export function processCpuMs(pid: number | string | undefined) {
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
