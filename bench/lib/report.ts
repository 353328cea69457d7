import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where every benchmark saves its JSON. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  openssl: string;
  platform: string;
  date: string;
  /** 1, 5 and 15 minute load averages when the benchmark started (they include earlier benchmarks). */
  loadAverage: number[];
  /**
   * Share of all CPU time that was busy during one second just before the benchmark started, while
   * this process was idle: work by others, which skews the figures. Null where /proc/stat is absent.
   */
  busyBeforeStart: number | null;
  /** The commit measured, and whether src/ had uncommitted changes. */
  git: { commit: string; srcChanged: boolean } | null;
}

export async function machine(): Promise<Machine> {
  const list = cpus();
  const busyBeforeStart = await busyElsewhere();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    openssl: process.versions.openssl ?? 'unknown',
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
    busyBeforeStart,
    git: gitState(),
  };
}

/** Busy share of all CPUs over one second, from /proc/stat (Linux); this process sleeps meanwhile. */
async function busyElsewhere(): Promise<number | null> {
  const sample = (): { idle: number; total: number } | null => {
    try {
      const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
        .trim()
        .split(/\s+/)
        .slice(1)
        .map(Number);
      const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
      return { idle, total: fields.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const after = sample();
  if (!before || !after || after.total === before.total) return null;
  return Math.round((1 - (after.idle - before.idle) / (after.total - before.total)) * 1000) / 1000;
}

function gitState(): Machine['git'] {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: 'pipe' }).trim();
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      srcChanged: git('status', '--porcelain', 'src').length > 0,
    };
  } catch {
    return null;
  }
}

/** One line of the summary table: what was measured, its value, and what it is compared against. */
export interface SummaryRow {
  benchmark: string;
  metric: string;
  value: number;
  unit: string;
  /** The aim, or the peer measured in the same run, or a published figure. */
  against?: string;
}

export interface BenchResult {
  name: string;
  quick: boolean;
  machine: Machine;
  summary: SummaryRow[];
  [detail: string]: unknown;
}

export function saveResult(result: BenchResult): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${result.name}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

export interface Latency {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Percentiles (nearest rank) of samples in any unit; the result is in the same unit. */
export function latency(samples: ArrayLike<number>): Latency {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  const at = (q: number) =>
    n === 0 ? Number.NaN : (sorted[Math.min(n - 1, Math.ceil(q * n) - 1)] as number);
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count: n, mean: n ? sum / n : Number.NaN, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

/** Rounds every number of a latency to `digits` decimals, for JSON that stays readable. */
export function rounded(value: Latency, digits = 3): Latency {
  const f = 10 ** digits;
  const r = (x: number) => Math.round(x * f) / f;
  return {
    count: value.count,
    mean: r(value.mean),
    p50: r(value.p50),
    p90: r(value.p90),
    p99: r(value.p99),
    max: r(value.max),
  };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** A plain-text table: columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function summaryTable(rows: SummaryRow[]): string {
  return table(
    ['benchmark', 'metric', 'value', 'unit', 'against'],
    rows.map((row) => [row.benchmark, row.metric, formatNumber(row.value), row.unit, row.against ?? '']),
  );
}

/** The machine line each benchmark prints first, with a warning when something else is using the CPU. */
export function machineLine(info: Machine): string {
  const busy =
    (info.busyBeforeStart ?? 0) > 0.1
      ? `\nwarning: ${Math.round((info.busyBeforeStart ?? 0) * 100)}% of the CPUs were busy with other work just before the start; figures will be low and noisy`
      : '';
  const code = info.git
    ? `; code ${info.git.commit}${info.git.srcChanged ? ' with uncommitted changes in src/' : ''}`
    : '';
  return `machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, node ${info.node}, OpenSSL ${info.openssl}, ${info.platform}${code}${busy}`;
}

export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

export function elapsedSince(start: number): string {
  return `${((performance.now() - start) / 1000).toFixed(1)} s`;
}
