import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { VerifyBatch } from './signature-worker.js';
import { workerThread } from './worker-thread.js';

const MAX_JOBS_PER_MESSAGE = 64;

interface Job {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: string;
  resolve(valid: boolean): void;
  reject(error: Error): void;
}

/**
 * Ed25519 verification on worker threads. Every command costs one verify, the most expensive step of
 * the command path, and verifies are independent, so they run beside the single writer instead of
 * in front of it. Jobs arriving in the same turn of the event loop travel in one message.
 */
export class SignaturePool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, Job[]>();
  private pending: Job[] = [];
  private flushScheduled = false;
  private nextBatch = 0;
  private nextWorker = 0;
  private closed = false;

  constructor(size = Math.max(1, availableParallelism() - 1)) {
    this.workers = Array.from({ length: size }, (_, slot) => this.spawn(slot));
  }

  private spawn(slot: number): Worker {
    const worker = workerThread(new URL('./signature-worker.js', import.meta.url));
    worker.on('message', ({ id, results }: { id: number; results: Uint8Array }) => {
      const jobs = this.waiting.get(id) ?? [];
      this.waiting.delete(id);
      for (const [i, job] of jobs.entries()) job.resolve(results[i] === 1);
      this.holdProcess();
    });
    worker.on('error', (error) => {
      // Which batches the dead worker held is not worth tracking: fail them all, and replace it.
      for (const jobs of this.waiting.values()) for (const job of jobs) job.reject(error);
      this.waiting.clear();
      if (!this.closed) this.workers[slot] = this.spawn(slot);
      this.holdProcess();
    });
    worker.unref();
    return worker;
  }

  /** Idle workers must not keep the process alive; busy ones must, or an awaited verify is dropped. */
  private holdProcess(): void {
    const busy = this.waiting.size > 0;
    for (const worker of this.workers) {
      if (busy) worker.ref();
      else worker.unref();
    }
  }

  verify(publicKey: Uint8Array, message: Uint8Array, signature: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ publicKey, message, signature, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.pending;
    this.pending = [];
    // Small messages keep the writer busy while workers verify the rest.
    const share = Math.min(MAX_JOBS_PER_MESSAGE, Math.ceil(jobs.length / this.workers.length));
    for (let start = 0; start < jobs.length; start += share) {
      const slice = jobs.slice(start, start + share);
      const id = this.nextBatch++;
      this.waiting.set(id, slice);
      const batch: VerifyBatch = {
        id,
        publicKeys: slice.map((job) => job.publicKey),
        messages: slice.map((job) => job.message),
        signatures: slice.map((job) => job.signature),
      };
      const worker = this.workers[this.nextWorker++ % this.workers.length] as Worker;
      worker.postMessage(batch);
    }
    this.holdProcess();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
