// Fills a fresh hub's record with live volumes through its own command path, as the admissions
// benchmark does: one background party whose operations (made and signed by a worker a chunk ahead)
// are submitted with many outstanding, so that a start can then be measured over a real record.
import { generateKeyPairSync } from 'node:crypto';
import { openHub } from '../../src/cli/data-dir.js';
import type { StoreLocation } from '../../src/cli/store-option.js';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import { Hub } from '../../src/hub/hub.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import {
  BACKGROUND_CHUNK,
  BACKGROUND_PARTY,
  theatreStart,
  VOLUMES_PER_OPERATION,
} from './admission-workload.js';
import type { BackgroundJob } from './background-worker.js';
import { BENCH_ORIGIN, type BenchAdmin, benchAdmin, type FoundedHub, foundBenchHub } from './hub-fixture.js';
import { log } from './report.js';
import { WorkerPool } from './worker-pool.js';

const OUTSTANDING = 1024;

/** Who holds the writer's lease of a benchmark's database, and for how long: longer than any run. */
export const BENCH_WRITER = 'bench writer';
export const BENCH_LEASE_MS = 4 * 3_600_000;

/**
 * Founds a hub (its record on `location`) and fills it with `liveVolumes` live volumes; the hub is
 * closed when this returns.
 */
export async function fillLiveVolumes(
  liveVolumes: number,
  location: StoreLocation = { kind: 'sqlite' },
): Promise<FoundedHub & { entries: number }> {
  const admin: BenchAdmin = benchAdmin();
  const founded = await foundBenchHub(admin, location);
  const { hubKey, origin, store, writerLease } = await openHub(founded.dir, location);
  // On PostgreSQL only the holder of the writer's lease commits: the fill is that hub, for its time.
  await writerLease?.acquireWriterLease(BENCH_WRITER, 'http://bench.invalid', BENCH_LEASE_MS);
  const hub = await Hub.open({ store, hubKey, origin });
  try {
    const key = generateKeyPairSync('ed25519').privateKey;
    await hub.submit(
      admin.signer.command(origin, 'party.create', {
        party: { id: BACKGROUND_PARTY, name: 'Background party' },
        administrator: {
          id: `${BACKGROUND_PARTY}.admin`,
          name: 'Administrator of the background party',
          public_key: new OperatorSigner(key).publicKey,
        },
      }),
    );
    const total = Math.ceil(liveVolumes / VOLUMES_PER_OPERATION);
    const chunks = Math.ceil(total / BACKGROUND_CHUNK);
    const pem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
    const t0 = theatreStart();
    const pool = new WorkerPool<BackgroundJob, SignedCommand[]>(
      new URL('./background-worker.ts', import.meta.url),
      1,
    );
    const job = (chunk: number) => pool.run({ chunk, total, t0, pem, origin: BENCH_ORIGIN });
    const ahead = [job(0), ...(chunks > 1 ? [job(1)] : [])];
    for (let c = 0; c < chunks; c++) {
      const commands = await (ahead.shift() as Promise<SignedCommand[]>);
      if (c + 2 < chunks) ahead.push(job(c + 2));
      await submitAll(hub, commands);
      if ((c + 1) % 25 === 0 || c + 1 === chunks)
        log(
          `  filled ${hub.live((state) => state.deconfliction.liveVolumes).toLocaleString('en-US')} live volumes`,
        );
    }
    await pool.close();
    return { ...founded, entries: hub.record.size };
  } finally {
    await hub.close();
    await store.close();
  }
}

/** Submits every command, keeping OUTSTANDING of them in flight; any refusal fails the fill. */
async function submitAll(hub: Hub, commands: readonly SignedCommand[]): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < commands.length) await hub.submit(commands[next++] as SignedCommand);
  };
  await Promise.all(Array.from({ length: Math.min(OUTSTANDING, commands.length) }, lane));
}
