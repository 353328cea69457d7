// How soon a hub holding a million live volumes serves after a start: from its snapshot (decode,
// digest check, the conflict index read in place) against a replay of the whole record (the start without
// one). The record is filled through the hub's own command path (bench/lib/live-volumes-fill.ts), or
// taken from START_SNAPSHOT_DATA, a data directory filled before (the fill takes many minutes). Each
// start runs in a fresh process, the two kinds interleaved A B A B, each with the machine's load
// beside it, its peak RSS and heap. Taking the snapshot is timed too: made beside the writer, the
// longest the writer's thread is kept from its turn meanwhile, against encoding on that thread.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fillLiveVolumes } from './lib/live-volumes-fill.js';
import { cpuTimes, machineCoresBusy } from './lib/machine-load.js';
import {
  type BenchResult,
  latency,
  log,
  machine,
  machineLine,
  rounded,
  type SummaryRow,
  saveResult,
  summaryTable,
  table,
} from './lib/report.js';

/** Rounds of the two starts; START_SNAPSHOT_ROUNDS=1 halves a run over a million volumes (replays take minutes). */
const ROUNDS = Number(process.env.START_SNAPSHOT_ROUNDS ?? 2);
const AIM_SECONDS = 5;

type Mode = 'replay' | 'snapshot' | 'take';

interface Start {
  startSeconds: number;
  entries: number;
  liveVolumes: number;
  heapUsedMiB: number;
  peakRssMiB: number;
  warnings: string[];
  pauseSeconds?: number;
  makeSeconds?: number;
  encodeHereSeconds?: number;
  snapshotMiB?: number;
}

interface Measured extends Start {
  mode: Mode;
  loadAverage1m: number;
  machineCoresBusy: number | null;
}

function start(path: string, mode: Mode): Measured {
  const load = loadavg()[0] as number;
  const before = cpuTimes();
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', new URL('./lib/start-snapshot-child.ts', import.meta.url).pathname, path, mode],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const start = JSON.parse(output.trim().split('\n').at(-1) as string) as Start;
  return { ...start, mode, loadAverage1m: load, machineCoresBusy: machineCoresBusy(before) };
}

const median = (values: number[]) => latency(values).p50;

export async function run(options: { quick: boolean }): Promise<BenchResult> {
  const info = await machine();
  log(machineLine(info));
  const volumes = options.quick ? 20_000 : 1_000_000;
  const given = process.env.START_SNAPSHOT_DATA;
  let remove = () => {};
  let path: string;
  if (given) {
    path = given;
    log(`start-snapshot: using the record in ${given}`);
  } else {
    log(`start-snapshot: filling a record with ${volumes.toLocaleString('en-US')} live volumes`);
    const filled = await fillLiveVolumes(volumes);
    path = filled.dir.path;
    remove = filled.remove;
  }
  try {
    const taken = start(path, 'take');
    log(
      `  snapshot made beside the writer in ${taken.makeSeconds?.toFixed(2)} s: ${taken.snapshotMiB?.toFixed(0)} MiB, the writer's longest pause ${taken.pauseSeconds?.toFixed(3)} s (encoding on its thread: ${taken.encodeHereSeconds?.toFixed(2)} s)`,
    );
    const starts: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of ['replay', 'snapshot'] as const) {
        const measured = start(path, mode);
        if (mode === 'snapshot' && measured.warnings.length > 0)
          throw new Error(`the snapshot was refused: ${measured.warnings.join('; ')}`);
        starts.push(measured);
        log(
          `  ${mode.padEnd(8)} ${measured.startSeconds.toFixed(2)} s, peak RSS ${measured.peakRssMiB.toFixed(0)} MiB, load ${measured.loadAverage1m.toFixed(1)}`,
        );
      }
    }
    const of = (mode: Mode) => starts.filter((s) => s.mode === mode);
    const replayS = median(of('replay').map((s) => s.startSeconds));
    const snapshotS = median(of('snapshot').map((s) => s.startSeconds));
    const against = `${taken.liveVolumes.toLocaleString('en-US')} live volumes, ${taken.entries.toLocaleString('en-US')} entries`;
    const summary: SummaryRow[] = [
      {
        benchmark: 'start-snapshot',
        metric: 'start from the snapshot (median)',
        value: snapshotS,
        unit: 's',
        against: `aim ${AIM_SECONDS} s; ${against}`,
      },
      {
        benchmark: 'start-snapshot',
        metric: 'start replaying the whole record (median)',
        value: replayS,
        unit: 's',
        against,
      },
      {
        benchmark: 'start-snapshot',
        metric: "taking a snapshot: the writer's pause",
        value: taken.pauseSeconds as number,
        unit: 's',
        against: `encoding on the writer's thread ${taken.encodeHereSeconds?.toFixed(2)} s; made beside it in ${taken.makeSeconds?.toFixed(2)} s`,
      },
      {
        benchmark: 'start-snapshot',
        metric: 'peak RSS while a snapshot is made beside the writer',
        value: taken.peakRssMiB,
        unit: 'MiB',
        against: 'the writer and the snapshot’s thread, each with a copy of the state',
      },
      {
        benchmark: 'start-snapshot',
        metric: 'snapshot size',
        value: taken.snapshotMiB as number,
        unit: 'MiB',
      },
      {
        benchmark: 'start-snapshot',
        metric: 'peak RSS, start from the snapshot (median)',
        value: median(of('snapshot').map((s) => s.peakRssMiB)),
        unit: 'MiB',
        against: `replaying: ${median(of('replay').map((s) => s.peakRssMiB)).toFixed(0)} MiB`,
      },
    ];
    log(summaryTable(summary));
    log(
      table(
        ['start', 'seconds', 'peak RSS MiB', 'heap MiB', 'load 1m', 'cores busy'],
        starts.map((s) => [
          s.mode,
          s.startSeconds.toFixed(2),
          s.peakRssMiB.toFixed(0),
          s.heapUsedMiB.toFixed(0),
          s.loadAverage1m.toFixed(1),
          s.machineCoresBusy?.toFixed(2) ?? '?',
        ]),
      ),
    );
    const result: BenchResult = {
      name: 'start-snapshot',
      quick: options.quick,
      machine: info,
      summary,
      taken,
      starts,
      startSeconds: {
        replay: rounded(latency(of('replay').map((s) => s.startSeconds))),
        snapshot: rounded(latency(of('snapshot').map((s) => s.startSeconds))),
      },
    };
    log(`saved ${saveResult(result)}`);
    return result;
  } finally {
    remove();
  }
}
