// How soon a hub holding a million live volumes serves after a start: from its snapshot (decode,
// digest check, the conflict index read in place) against a replay of the whole record (the start without
// one). The record is filled through the hub's own command path (bench/lib/live-volumes-fill.ts), or
// taken from START_SNAPSHOT_DATA, a data directory filled before (the fill takes many minutes). Each
// start runs in a fresh process, the two kinds interleaved A B A B, each with the machine's load
// beside it, its peak RSS and heap. Taking the snapshot is timed too: made beside the writer, the
// longest the writer's thread is kept from its turn meanwhile, against encoding on that thread. With
// START_SNAPSHOT_BASELINE=<commit>, that commit's code takes its own snapshot of a copy of the record
// and starts from it in the same rounds, interleaved with this code's starts. The same record is also
// filled on a durable PostgreSQL cluster, where the writer replays and takes its snapshot and a
// follower (a standby hub) starts from it: their times and peak memory, in the same rounds.
import { execFileSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO } from '../test/support/cli.js';
import { baselineCheckout } from './lib/baseline-checkout.js';
import { fillLiveVolumes } from './lib/live-volumes-fill.js';
import { cpuTimes, machineCoresBusy } from './lib/machine-load.js';
import { DURABLE, startPostgisCluster } from './lib/postgis-cluster.js';
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

type Mode = 'replay' | 'snapshot' | 'follow' | 'take';

/** A filled record: a data directory, and the PostgreSQL database its record is on if not in it. */
interface FilledRecord {
  path: string;
  url?: string;
}

/** Whose code runs a start: this tree's, or the baseline commit's. */
interface Code {
  tree: string;
  commit: string;
}

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
  commit: string;
  store: 'SQLite' | 'PostgreSQL';
  loadAverage1m: number;
  machineCoresBusy: number | null;
}

function start(record: FilledRecord, mode: Mode, code: Code): Measured {
  const load = loadavg()[0] as number;
  const before = cpuTimes();
  const child = join(code.tree, 'bench/lib/start-snapshot-child.ts');
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', child, record.path, mode, ...(record.url ? [record.url] : [])],
    { encoding: 'utf8', maxBuffer: 1 << 24, cwd: code.tree },
  );
  const start = JSON.parse(output.trim().split('\n').at(-1) as string) as Start;
  return {
    ...start,
    mode,
    commit: code.commit,
    store: record.url ? 'PostgreSQL' : 'SQLite',
    loadAverage1m: load,
    machineCoresBusy: machineCoresBusy(before),
  };
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
  // The same record on PostgreSQL, where standby hubs start from the snapshot and follow.
  const cluster = await startPostgisCluster(DURABLE, { postgis: false });
  await cluster.query('CREATE DATABASE hub');
  log(
    `start-snapshot: filling a record on PostgreSQL 15 (${cluster.settings.join(', ')}) with ${volumes.toLocaleString('en-US')} live volumes`,
  );
  const location = { kind: 'postgresql', url: cluster.url('hub') } as const;
  const filledOnPostgresql = await fillLiveVolumes(volumes, location);
  const onPostgresql: FilledRecord = { path: filledOnPostgresql.dir.path, url: location.url };
  const here: Code = { tree: REPO, commit: info.git?.commit ?? 'working tree' };
  const baselineCommit = process.env.START_SNAPSHOT_BASELINE;
  const baseline = baselineCommit ? baselineCheckout(baselineCommit) : null;
  // The baseline's snapshot is of its own form: it starts from a copy of the record.
  const baselinePath = baseline ? join(baseline.tree, 'record-copy') : null;
  if (baselinePath) cpSync(path, baselinePath, { recursive: true });
  const record: FilledRecord = { path };
  try {
    const taken = start(record, 'take', here);
    log(
      `  snapshot made beside the writer in ${taken.makeSeconds?.toFixed(2)} s: ${taken.snapshotMiB?.toFixed(0)} MiB, the writer's longest pause ${taken.pauseSeconds?.toFixed(3)} s (encoding on its thread: ${taken.encodeHereSeconds?.toFixed(2)} s)`,
    );
    const baselineTaken = baseline && baselinePath ? start({ path: baselinePath }, 'take', baseline) : null;
    if (baselineTaken)
      log(`  the snapshot of ${baseline?.commit} made in ${baselineTaken.makeSeconds?.toFixed(2)} s`);
    const takenOnPostgresql = start(onPostgresql, 'take', here);
    log(
      `  on PostgreSQL: snapshot made beside the writer in ${takenOnPostgresql.makeSeconds?.toFixed(2)} s, the writer's peak RSS ${takenOnPostgresql.peakRssMiB.toFixed(0)} MiB`,
    );
    const turns: [Mode, Code, FilledRecord][] = [
      ['replay', here, record],
      ['snapshot', here, record],
      ...(baseline && baselinePath
        ? [['snapshot', baseline, { path: baselinePath }] as [Mode, Code, FilledRecord]]
        : []),
      ['replay', here, onPostgresql],
      ['follow', here, onPostgresql],
    ];
    const starts: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [mode, code, at] of turns) {
        const measured = start(at, mode, code);
        if (mode !== 'replay' && measured.warnings.length > 0)
          throw new Error(`the snapshot was refused: ${measured.warnings.join('; ')}`);
        starts.push(measured);
        log(
          `  ${mode.padEnd(8)} ${measured.store.padEnd(10)} ${code.commit.padEnd(12)} ${measured.startSeconds.toFixed(2)} s, peak RSS ${measured.peakRssMiB.toFixed(0)} MiB, load ${measured.loadAverage1m.toFixed(1)}`,
        );
      }
    }
    const of = (mode: Mode, code: Code = here, store: Measured['store'] = 'SQLite') =>
      starts.filter((s) => s.mode === mode && s.commit === code.commit && s.store === store);
    const onPg = (mode: Mode) => of(mode, here, 'PostgreSQL');
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
      ...(baseline
        ? [
            {
              benchmark: 'start-snapshot',
              metric: `start from the snapshot at ${baseline.commit} (median)`,
              value: median(of('snapshot', baseline).map((s) => s.startSeconds)),
              unit: 's',
              against: `the same record, this code's snapshot start above, interleaved; peak RSS ${median(of('snapshot', baseline).map((s) => s.peakRssMiB)).toFixed(0)} MiB`,
            },
          ]
        : []),
      {
        benchmark: 'start-snapshot',
        metric: 'start replaying the whole record (median)',
        value: replayS,
        unit: 's',
        against,
      },
      {
        benchmark: 'start-snapshot',
        metric: 'a follower on PostgreSQL: start from the snapshot (median)',
        value: median(onPg('follow').map((s) => s.startSeconds)),
        unit: 's',
        against: `replaying: ${median(onPg('replay').map((s) => s.startSeconds)).toFixed(1)} s; ${against}`,
      },
      {
        benchmark: 'start-snapshot',
        metric: 'a follower on PostgreSQL: peak RSS (median)',
        value: median(onPg('follow').map((s) => s.peakRssMiB)),
        unit: 'MiB',
        against: `the writer, having replayed and made a snapshot beside it: ${takenOnPostgresql.peakRssMiB.toFixed(0)} MiB`,
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
        ['start', 'store', 'code', 'seconds', 'peak RSS MiB', 'heap MiB', 'load 1m', 'cores busy'],
        starts.map((s) => [
          s.mode,
          s.store,
          s.commit,
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
      ...(baselineTaken ? { baselineTaken } : {}),
      takenOnPostgresql,
      postgresql: { version: 15, settings: cluster.settings },
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
    baseline?.remove();
    filledOnPostgresql.remove();
    await cluster.stop();
  }
}
