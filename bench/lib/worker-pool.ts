import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Worker threads running one TypeScript module that answers { id, job } with { id, result }. */
export class WorkerPool<Job, Result> {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(value: Result): void; reject(error: Error): void }>();
  private nextId = 0;

  constructor(tsFile: URL, size = availableParallelism()) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
        workerData: { tsFile: tsFile.href },
      });
      worker.on('message', (message: { id: number; result: Result }) => {
        this.waiting.get(message.id)?.resolve(message.result);
        this.waiting.delete(message.id);
      });
      worker.on('error', (error) => {
        for (const pending of this.waiting.values()) pending.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  run(job: Job): Promise<Result> {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
