import { workerThread } from '../worker-thread.js';
import type { SnapshotJob, SnapshotMade } from './snapshot-worker.js';

/** A snapshot being made beside the writer (snapshot-worker.ts). */
export interface SnapshotBeingMade {
  made: Promise<SnapshotMade>;
  /** Stops making it (at a stop of the hub); nothing it stored is listed unless it was whole. */
  stop(): Promise<void>;
}

export function makeSnapshotBeside(job: SnapshotJob): SnapshotBeingMade {
  const worker = workerThread(new URL('./snapshot-worker.js', import.meta.url), { workerData: job });
  const made = new Promise<SnapshotMade>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the snapshot's thread stopped (exit code ${code})`)));
  });
  return {
    made,
    stop: async () => {
      await worker.terminate();
    },
  };
}
