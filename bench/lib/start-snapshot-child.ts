// One start of a hub over a filled data directory, in a process of its own so that its peak memory
// is its own: `replay` replays the whole record, `snapshot` starts from the stored snapshot, `follow`
// does so as a follower (a standby hub on a shared PostgreSQL database), `take` replays, then has a
// snapshot made and kept beside the writer, timing how long that takes and the longest the writer's
// thread was kept from its turn meanwhile (its pause). A third argument is the PostgreSQL URL the
// record is on. Prints one JSON line.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dataDir, openHub, openHubFiles } from '../../src/cli/data-dir.js';
import { Hub } from '../../src/hub/hub.js';
import { encodeSnapshot } from '../../src/hub/snapshot/keep-snapshot.js';
import { BENCH_LEASE_MS, BENCH_WRITER } from './live-volumes-fill.js';

const [path, mode, url] = process.argv.slice(2) as [
  string,
  'replay' | 'snapshot' | 'follow' | 'take',
  string?,
];
const began = performance.now();
const { hubKey, origin, store, writerLease } = url
  ? await openHub(dataDir(path), { kind: 'postgresql', url })
  : { ...openHubFiles(dataDir(path)), writerLease: null };
// The writer takes the lease back as the same holder as the fill; a follower writes nothing.
if (mode !== 'follow')
  await writerLease?.acquireWriterLease(BENCH_WRITER, 'http://bench.invalid', BENCH_LEASE_MS);
const warnings: string[] = [];
const hub = await Hub.open({
  store,
  hubKey,
  origin,
  snapshots: null,
  replayAll: mode === 'replay' || mode === 'take',
  role: mode === 'follow' ? 'follower' : 'writer',
  onSnapshotWarning: (message) => warnings.push(message),
});
const startSeconds = (performance.now() - began) / 1000;
const report: Record<string, unknown> = {
  startSeconds,
  entries: hub.record.size,
  liveVolumes: await hub.read((state) => state.deconfliction.liveVolumes),
  heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
  warnings,
};
if (mode === 'take') {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const making = performance.now();
  const size = await hub.saveSnapshot();
  report.makeSeconds = (performance.now() - making) / 1000;
  delay.disable();
  report.pauseSeconds = delay.max / 1e9;
  // What the pause would be were the state encoded on the writer's thread, as at a clean stop.
  const encoding = performance.now();
  await hub.read((state) => encodeSnapshot(state, { root: hub.record.root(), origin }, []));
  report.encodeHereSeconds = (performance.now() - encoding) / 1000;
  const pieces = (await store.snapshot(size)) ?? [];
  report.snapshotMiB = pieces.reduce((sum, piece) => sum + piece.byteLength, 0) / 2 ** 20;
}
report.peakRssMiB = process.resourceUsage().maxRSS / 1024;
await store.close();
console.log(JSON.stringify(report));
process.exit(0);
