import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `built`, the .js file a build puts beside the caller. Run from
 * source under tsx (tests, benchmarks), the caller is a .ts file and so is the module, which a
 * worker can only load through tsx's own loader.
 */
export function workerThread(built: URL, options: WorkerOptions = {}): Worker {
  if (!built.pathname.endsWith('.js')) throw new Error(`a worker runs a .js module, not ${built.href}`);
  if (!import.meta.url.endsWith('.ts')) return new Worker(built, options);
  const source = new URL(built.href.replace(/\.js$/, '.ts')).href;
  const loader = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(loader)}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`,
    { ...options, eval: true },
  );
}
