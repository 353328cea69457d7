// How busy the whole machine is, from /proc/stat (Linux): on a small shared machine, other work
// running beside a benchmark skews it, so a phase can wait for a quiet moment and report how much
// of the CPU others took while it ran.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface CpuTimes {
  busy: number;
  total: number;
}

/** Cumulative busy and total jiffies of all CPUs; null where /proc/stat is absent. */
export function cpuTimes(): CpuTimes | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Cores busy across the machine since `since` (all processes). */
export function machineCoresBusy(since: CpuTimes | null): number | null {
  const now = cpuTimes();
  if (!since || !now || now.total === since.total) return null;
  return ((now.busy - since.busy) / (now.total - since.total)) * cpus().length;
}

/**
 * Waits until the machine has been nearly idle for a `windowMs` sample (under `maxCores` cores busy,
 * while this benchmark itself is idle), or `patienceMs` has passed. Returns the seconds waited and
 * the cores others kept busy in the last sample.
 */
export async function waitForQuiet(
  maxCores = 0.3,
  patienceMs = 600_000,
  windowMs = 2000,
): Promise<{ waitedSeconds: number; othersCores: number | null }> {
  const started = performance.now();
  for (;;) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const busy = machineCoresBusy(before);
    if (busy === null || busy < maxCores || performance.now() - started > patienceMs)
      return { waitedSeconds: (performance.now() - started) / 1000, othersCores: busy };
  }
}
