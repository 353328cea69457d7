// Witnesses for a hub under test: served in this process on a port that survives a stop and start,
// and a witness policy put in force through the API.
import { join } from 'node:path';
import type { OperatorSigner } from '../../src/client/operator-signer.js';
import { CosignedStore, WITNESS_DB_FILE } from '../../src/witness/cosigned-store.js';
import { Witness } from '../../src/witness/witness.js';
import { loadOrCreateWitnessKey } from '../../src/witness/witness-key.js';
import { serveWitness } from '../../src/witness/witness-server.js';
import { parseWitnessedLog, witnessedLogs } from '../../src/witness/witnessed-logs.js';
import { accept, get } from './api.js';
import { tempDir } from './temp-dir.js';

export interface TestWitness {
  name: string;
  /** Its cosigner (verifier) key. */
  key: string;
  url: string;
  /** As a witness policy names it. */
  entry: { name: string; key: string; url: string };
  /** Stops answering (a witness that is down); its state stays. */
  stop(): Promise<void>;
  /** Serves again, on the same port, with what it cosigned before. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

export async function startTestWitness(name: string, logVerifierKey: string): Promise<TestWitness> {
  const temp = tempDir('deconflict-witness-');
  const key = loadOrCreateWitnessKey(temp.path, name);
  let port = 0;
  let store: CosignedStore | null = null;
  let running: Awaited<ReturnType<typeof serveWitness>> | null = null;
  const start = async () => {
    store = new CosignedStore(join(temp.path, WITNESS_DB_FILE));
    const witness = new Witness(key, witnessedLogs([parseWitnessedLog(logVerifierKey)]), store);
    running = await serveWitness(witness, { host: '127.0.0.1', port });
    port = Number(new URL(running.url).port);
  };
  const stop = async () => {
    await running?.close();
    store?.close();
    running = null;
    store = null;
  };
  await start();
  const url = `http://127.0.0.1:${port}/`;
  return {
    name,
    key: key.verifierKey,
    url,
    entry: { name, key: key.verifierKey, url },
    stop,
    start,
    async remove() {
      await stop();
      temp.remove();
    },
  };
}

/**
 * Puts a witness policy in force on a hub through its API: the first party's administrator
 * proposes, every other party's agrees to the digest the hub shows.
 */
export async function agreeOnWitnesses(
  url: string,
  origin: string,
  admins: ReadonlyMap<string, OperatorSigner>,
  witnesses: readonly TestWitness[],
  quorum: number,
): Promise<void> {
  const [first, ...others] = [...admins];
  if (!first) throw new Error('no party to propose');
  const [proposer, proposerKey] = first;
  const id = `${proposer}/witnesses-${Date.now()}`;
  await accept(url, origin, proposerKey, 'witnesses.propose', {
    proposal: { id, witnesses: witnesses.map((w) => w.entry), quorum },
  });
  const shown = (await get(url, '/v1/record/witnesses')).body as {
    pending: { id: string; digest: string }[];
  };
  const digest = shown.pending.find((p) => p.id === id)?.digest;
  for (const [, admin] of others)
    await accept(url, origin, admin, 'witnesses.agree', { proposal: id, digest });
}
