// Runs the benchmarks in sequence and prints one summary table; each also saves its own JSON under
// bench/results/. Usage: npm run bench [-- [--quick] [--signed-entries] [name filter…]]
import { run as admissions } from './admissions.js';
import { run as alertLatency } from './alert-latency.js';
import { run as attacks } from './attacks.js';
import { run as commands } from './commands.js';
import { run as conflictIndex } from './conflict-index.js';
import { run as evidence } from './evidence.js';
import { run as hotline } from './hotline.js';
import { run as incidentLinks } from './incident-links.js';
import {
  type BenchResult,
  log,
  machine,
  machineLine,
  type SummaryRow,
  saveResult,
  summaryTable,
} from './lib/report.js';
import { run as proofs } from './proofs.js';
import { run as proofs10m } from './proofs-10m.js';
import { run as refusalFlood } from './refusal-flood.js';
import { run as startSnapshot } from './start-snapshot.js';
import { run as storeThroughput } from './store-throughput.js';
import { run as takeover } from './takeover.js';
import { run as trackFill } from './track-fill.js';
import { run as watch } from './watch.js';
import { run as witnessing } from './witnessing.js';

interface Options {
  quick: boolean;
  signedEntries: boolean;
}

const BENCHMARKS: { name: string; about: string; run(options: Options): Promise<BenchResult> }[] = [
  { name: 'commands', about: 'durable signed commands per second, in-process and over HTTP', run: commands },
  { name: 'proofs', about: 'proof latency, replay/open time and store size at 1M entries', run: proofs },
  {
    name: 'conflict-index',
    about: 'conflict check of one operation on 1M live volumes, vs PostGIS GiST',
    run: conflictIndex,
  },
  {
    name: 'admissions',
    about: 'admissions/s over HTTP on a hub of 1M live volumes, rebuild time, vs PostGIS',
    run: admissions,
  },
  {
    name: 'hotline',
    about:
      '10,000 operators on WebSockets: delivery latency, acks/s, escalation timers, a crash, vs plain ws',
    run: hotline,
  },
  { name: 'proofs-10m', about: 'proof latency over a 10M-leaf tree of stored nodes', run: proofs10m },
  { name: 'watch', about: 'tracks at 1 Hz on one core with every check, vs all pairs', run: watch },
  {
    name: 'alert-latency',
    about: 'tracks at 1 Hz through the hub: report → alert on both parties’ sockets, vs the engine alone',
    run: alertLatency,
  },
  {
    name: 'attacks',
    about:
      'an operator’s latency under login/socket storms, unsigned sockets, slowloris, a flood, a roster flood and new track ids, vs quiet',
    run: attacks,
  },
  {
    name: 'track-fill',
    about: 'one party posting 200,000 new track ids, 1,000 a batch: disk growth with the quotas, vs lifted',
    run: trackFill,
  },
  {
    name: 'incident-links',
    about: 'the writer’s time to link one incident over 200,000 declarations and 100,000 messages',
    run: incidentLinks,
  },
  {
    name: 'evidence',
    about: 'produce and verify offline a bundle touching 1,000 entries of a 1M-entry record',
    run: evidence,
  },
  {
    name: 'refusal-flood',
    about: 'one party sending 20,000 urgent requests over its limit to one roster: record growth',
    run: refusalFlood,
  },
  {
    name: 'start-snapshot',
    about: 'start of a hub holding 1M live volumes from its snapshot vs replaying the record; snapshot pause',
    run: startSnapshot,
  },
  {
    name: 'witnessing',
    about: 'signed commands/s and latency with no witnesses vs 1 and 3 real witnesses',
    run: witnessing,
  },
  {
    name: 'takeover',
    about: 'commands accepted again after a SIGKILL of the writer, two hubs on one PostgreSQL database',
    run: takeover,
  },
  {
    name: 'store-throughput',
    about:
      'commands/s and admissions/s over HTTP, PostgreSQL beside SQLite in turns, hub peak RSS, a profile',
    run: storeThroughput,
  },
];

const args = process.argv.slice(2);
const options: Options = {
  quick: args.includes('--quick'),
  signedEntries: args.includes('--signed-entries'),
};
const unknown = args.filter(
  (arg) => arg.startsWith('-') && !['--quick', '--signed-entries', '-h', '--help'].includes(arg),
);
if (unknown.length > 0 || args.includes('-h') || args.includes('--help')) {
  log('usage: npm run bench -- [--quick] [--signed-entries] [name filter…]');
  log(BENCHMARKS.map((b) => `  ${b.name.padEnd(12)} ${b.about}`).join('\n'));
  process.exit(unknown.length > 0 ? 2 : 0);
}
// A filter names a benchmark exactly, or else matches every benchmark whose name contains it.
const filters = args.filter((arg) => !arg.startsWith('-'));
const matches = (filter: string) =>
  BENCHMARKS.some((b) => b.name === filter)
    ? BENCHMARKS.filter((b) => b.name === filter)
    : BENCHMARKS.filter((b) => b.name.includes(filter));
const chosen = new Set(filters.flatMap((filter) => matches(filter).map((b) => b.name)));
const selected = BENCHMARKS.filter((b) => filters.length === 0 || chosen.has(b.name));
if (selected.length === 0) {
  log(`no benchmark matches ${filters.join(', ')}; there are ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const started = performance.now();
const rows: SummaryRow[] = [];
for (const benchmark of selected) {
  const began = performance.now();
  const result = await benchmark.run(options);
  rows.push(...result.summary);
  log(`(${benchmark.name}: ${((performance.now() - began) / 1000).toFixed(0)} s)\n`);
}

const info = await machine();
log(
  `# summary (${options.quick ? 'quick' : 'full'}), ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
log(machineLine(info));
log(summaryTable(rows));
if (selected.length === BENCHMARKS.length) {
  log(`saved ${saveResult({ name: 'summary', quick: options.quick, machine: info, summary: rows })}`);
}
