// One start of a hub over a filled data directory, in a process of its own so that its peak memory
// is its own: `replay` replays the whole record, `snapshot` starts from the stored snapshot, `take`
// replays, then takes and stores a snapshot, timing the writer's pause (encoding the state) apart
// from signing it (the writer having turns in between) and storing it. Prints one JSON line.
import { dataDir, openHubFiles } from '../../src/cli/data-dir.js';
import { Hub } from '../../src/hub/hub.js';
import { writeSnapshot } from '../../src/hub/snapshot/snapshot-file.js';
import { encodeSnapshot } from '../../src/hub/snapshot/snapshot-taker.js';

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
  const paused = performance.now();
  const { header, parts } = await hub.read((state) =>
    encodeSnapshot(state, { root: hub.record.root(), origin }, []),
  );
  report.pauseSeconds = (performance.now() - paused) / 1000;
  const signed = performance.now();
  const pieces = await writeSnapshot(header, parts, hubKey);
  report.signSeconds = (performance.now() - signed) / 1000;
  const stored = performance.now();
  await store.saveSnapshot(header.size, pieces);
  report.storeSeconds = (performance.now() - stored) / 1000;
  report.snapshotMiB = pieces.reduce((sum, piece) => sum + piece.length, 0) / 2 ** 20;
}
report.peakRssMiB = process.resourceUsage().maxRSS / 1024;
await store.close();
console.log(JSON.stringify(report));
process.exit(0);
