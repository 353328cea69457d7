// Resident memory of another process (the hub run as `deconflict serve`), from /proc (Linux): what
// the hub holds with its tracks, its record and its sockets, apart from the benchmark's own.
import { readFileSync } from 'node:fs';

/** Resident set size in MiB; null where /proc is absent or the process has gone. */
export function processRssMiB(pid: number): number | null {
  return statusMiB(pid, 'VmRSS');
}

/** The most the process has held resident since it started (its high-water mark), in MiB. */
export function processPeakRssMiB(pid: number): number | null {
  return statusMiB(pid, 'VmHWM');
}

function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    )?.[1];
    return kib === undefined ? null : Number(kib) / 1024;
  } catch {
    return null;
  }
}
