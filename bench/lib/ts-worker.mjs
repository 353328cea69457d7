// Starts a worker thread on a TypeScript module: `--import tsx` is not honoured by workers on
// Node 20, so the worker loads tsx itself. workerData.tsFile is the module's file URL.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.tsFile, import.meta.url);
