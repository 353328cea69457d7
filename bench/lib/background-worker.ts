// A worker thread that makes and signs background operations, beside the hub being filled.
import { createPrivateKey } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { OperatorSigner } from '../../src/client/operator-signer.js';
import type { SignedCommand } from '../../src/hub/signed-command.js';
import { backgroundChunk, operationBody } from './admission-workload.js';

export interface BackgroundJob {
  chunk: number;
  total: number;
  t0: number;
  pem: string;
  origin: string;
}

export function signBackgroundChunk(job: BackgroundJob): SignedCommand[] {
  const signer = new OperatorSigner(createPrivateKey(job.pem));
  return backgroundChunk(job.chunk, job.total, job.t0).map((operation) =>
    signer.command(job.origin, 'declaration.submit', {
      declaration: operationBody(operation),
      known_conflicts: [],
    }),
  );
}

parentPort?.on('message', (message: { id: number; job: BackgroundJob }) => {
  parentPort?.postMessage({ id: message.id, result: signBackgroundChunk(message.job) });
});
