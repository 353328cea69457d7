import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import type { EncodedEntries, SignJob } from './sign-jobs.js';

type Result<J extends SignJob> = J extends { kind: 'operator-add' } ? SignedCommand[] : EncodedEntries;

/** Worker threads for signing, one per core: signing is the client's cost, done before timing starts. */
export class SignPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextId = 0;

  constructor(size = availableParallelism()) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
        workerData: { tsFile: new URL('./sign-worker.ts', import.meta.url).href },
      });
      worker.on('message', (message: { id: number; result: unknown }) => {
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

  run<J extends SignJob>(job: J): Promise<Result<J>> {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length] as Worker;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, job });
    });
  }

  /** `operator.add` commands numbered from `start`, split across the workers. */
  async operatorAdds(
    base: Omit<Extract<SignJob, { kind: 'operator-add' }>, 'kind' | 'start' | 'count'>,
    start: number,
    count: number,
  ): Promise<SignedCommand[]> {
    const chunk = 1000;
    const jobs: Promise<SignedCommand[]>[] = [];
    for (let at = start; at < start + count; at += chunk) {
      jobs.push(
        this.run({ ...base, kind: 'operator-add', start: at, count: Math.min(chunk, start + count - at) }),
      );
    }
    return (await Promise.all(jobs)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
