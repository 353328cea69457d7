// A worker thread that signs (and, for the record benchmark, encodes) in parallel with the main thread.
import { parentPort } from 'node:worker_threads';
import { type EncodedEntries, runJob, type SignJob } from './sign-jobs.js';

parentPort?.on('message', (message: { id: number; job: SignJob }) => {
  const result = runJob(message.job);
  const transfer = Array.isArray(result)
    ? []
    : [
        (result as EncodedEntries).bytes.buffer,
        (result as EncodedEntries).offsets.buffer,
        (result as EncodedEntries).leafHashes.buffer,
      ];
  parentPort?.postMessage({ id: message.id, result }, transfer as ArrayBuffer[]);
});
