// One start of a hub over a filled data directory, in a process of its own so that its peak memory
// is its own: `replay` replays the whole record, `snapshot` starts from the stored snapshot, `take`
// replays, then has a snapshot made and kept beside the writer, timing how long that takes and the
// longest the writer's thread was kept from its turn meanwhile (its pause). Prints one JSON line.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dataDir, openHubFiles } from '../../src/cli/data-dir.js';
import { Hub } from '../../src/hub/hub.js';
import { encodeSnapshot } from '../../src/hub/snapshot/keep-snapshot.js';

const [path, mode] = process.argv.slice(2) as [string, 'replay' | 'snapshot' | 'take'];
const began = performance.now();
const { hubKey, origin, store } = openHubFiles(dataDir(path));
const warnings: string[] = [];
const hub = await Hub.open({
  store,
  hubKey,
  origin,
  snapshots: null,
  replayAll: mode !== 'snapshot',
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
