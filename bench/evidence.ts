// Evidence from a large record: the time and memory to produce a bundle touching 1,000 entries of a
// 1,000,000-entry record (the hub served over HTTP, the CLI's own gathering: entries, their proofs
// to one checkpoint, the keys that signed them), and to verify it offline (every proof, signature and
// the timeline). The entries asked for are spread evenly over the record, the worst case for reading
// them in pages. Full size by default; --quick on a 100,000-entry record.

import { dirname } from 'node:path';
import { dataDir } from '../src/cli/data-dir.js';
import { gatherEvidence } from '../src/cli/gather-evidence.js';
import { runHub } from '../src/cli/run-hub.js';
import { HubClient } from '../src/client/hub-client.js';
import { verifyBundle } from '../src/evidence/verify-bundle.js';
import { cpuTimes, machineCoresBusy, waitForQuiet } from './lib/machine-load.js';
import { type BenchResult, formatNumber, log, machine, machineLine, saveResult } from './lib/report.js';
import { buildRecord } from './proofs.js';

const TOUCHED = 1000;
const FULL_ENTRIES = 1_000_000;
const QUICK_ENTRIES = 100_000;

/** Samples the resident set while `work` runs, so the peak is seen, not only the end. */
async function measured<T>(work: () => Promise<T> | T) {
  const load = cpuTimes();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return {
    value,
    seconds,
    peakRssMiB: peakRss / 2 ** 20,
    rssGrowthMiB: (peakRss - before.rss) / 2 ** 20,
    othersCores: machineCoresBusy(load),
  };
}

export async function run(options: { quick: boolean }): Promise<BenchResult> {
  const total = options.quick ? QUICK_ENTRIES : FULL_ENTRIES;
  const info = await machine();
  log(
    `# evidence: a bundle touching ${TOUCHED.toLocaleString('en-US')} entries of a ${total.toLocaleString('en-US')}-entry record (${options.quick ? 'quick' : 'full'})`,
  );
  log(machineLine(info));
  const cleanups: (() => void)[] = [];
  try {
    log(`building ${total.toLocaleString('en-US')} signed entries…`);
    const built = await buildRecord(total, true, (fn) => cleanups.push(fn));
    log(`  built in ${built.seconds.toFixed(1)} s (not part of any figure below)`);
    const dir = dataDir(dirname(built.dbPath));
    const running = await runHub(dir, { host: '127.0.0.1', port: 0 }, false);
    const client = new HubClient(running.url, built.admin.signer);
    const step = Math.floor(total / TOUCHED);
    const indices = Array.from({ length: TOUCHED }, (_, i) => String(i * step + 1));
    const quiet = await waitForQuiet(0.5, 60_000);
    const produced = await measured(() => gatherEvidence(client, indices));
    await running.stop();
    const files = produced.value;
    const bytes = [...files.values()].reduce((sum, f) => sum + f.length, 0);
    log(
      `produce: ${produced.seconds.toFixed(2)} s, ${files.size} files, ${(bytes / 2 ** 20).toFixed(1)} MiB; peak RSS ${produced.peakRssMiB.toFixed(0)} MiB (hub and client in one process), +${produced.rssGrowthMiB.toFixed(0)} MiB`,
    );
    const hubKey = (new TextDecoder().decode(files.get('keys')) ?? '').split('\n')[0] as string;
    const verified = await measured(() => verifyBundle(files, { hubKey }));
    log(
      `verify offline: ${verified.seconds.toFixed(2)} s for ${verified.value.entries.size} entries (${formatNumber(verified.value.entries.size / verified.seconds)} entries/s), peak RSS ${verified.peakRssMiB.toFixed(0)} MiB, +${verified.rssGrowthMiB.toFixed(0)} MiB`,
    );
    const load = (cores: number | null) =>
      cores === null ? 'unknown' : `${cores.toFixed(2)} cores busy on the machine`;
    log(
      `machine load while producing: ${load(produced.othersCores)}; verifying: ${load(verified.othersCores)}`,
    );
    const result: BenchResult = {
      name: 'evidence',
      quick: options.quick,
      machine: info,
      record: total,
      touched: TOUCHED,
      waitedForQuietSeconds: quiet.waitedSeconds,
      produce: {
        seconds: produced.seconds,
        files: files.size,
        bytes,
        peakRssMiB: produced.peakRssMiB,
        rssGrowthMiB: produced.rssGrowthMiB,
        machineCoresBusy: produced.othersCores,
      },
      verify: {
        seconds: verified.seconds,
        entries: verified.value.entries.size,
        peakRssMiB: verified.peakRssMiB,
        rssGrowthMiB: verified.rssGrowthMiB,
        machineCoresBusy: verified.othersCores,
      },
      summary: [
        {
          benchmark: 'evidence',
          metric: `produce a bundle of ${TOUCHED} entries from ${total.toLocaleString('en-US')}`,
          value: Number(produced.seconds.toFixed(3)),
          unit: 's',
        },
        {
          benchmark: 'evidence',
          metric: `verify it offline`,
          value: Number(verified.seconds.toFixed(3)),
          unit: 's',
        },
      ],
    };
    log(`saved ${saveResult(result)}`);
    return result;
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}
