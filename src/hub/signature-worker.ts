// Verifies batches of Ed25519 signatures off the hub's main thread.
import { parentPort } from 'node:worker_threads';
import { verifySignature } from './operator-key.js';

export interface VerifyBatch {
  id: number;
  publicKeys: Uint8Array[];
  messages: Uint8Array[];
  signatures: string[];
}

parentPort?.on('message', (batch: VerifyBatch) => {
  const results = new Uint8Array(batch.messages.length);
  for (let i = 0; i < results.length; i++) {
    results[i] = verifySignature(
      batch.publicKeys[i] as Uint8Array,
      batch.messages[i] as Uint8Array,
      batch.signatures[i] as string,
    )
      ? 1
      : 0;
  }
  parentPort?.postMessage({ id: batch.id, results }, [results.buffer]);
});
