import { join } from 'node:path';
import { OperatorSigner } from '../client/operator-signer.js';
import { checkOperatorNamespace } from '../hub/commands/new-operator.js';
import { Hub } from '../hub/hub.js';
import { WRITER_LEASE_TTL_MS } from '../hub/writer-lease-keeper.js';
import { type DataDir, newHubKey, openStore, saveHubKey, writerLeaseHolder } from './data-dir.js';
import type { StoreLocation } from './store-option.js';

export interface FoundOptions {
  origin: string;
  party: { id: string; name: string };
  administrator: { id: string; name: string; publicKey?: string };
}

/**
 * Creates a hub: its key, its database, and the record's first entry naming its first administrator.
 * Without a given public key, the administrator's key is generated and saved in the data directory.
 */
export async function foundHub(
  dir: DataDir,
  options: FoundOptions,
  location: StoreLocation = { kind: 'sqlite' },
): Promise<{ adminKeyPath?: string; size: number }> {
  // Checked before anything is written, so that a refused id or store leaves no half-made hub behind.
  checkOperatorNamespace(options.party.id, options.administrator.id, '--admin-id');
  const key = newHubKey(dir, options.origin);
  const { hubKey, origin } = key;
  const { store, writerLease } = await openStore(dir, key, location);
  try {
    // The first entry is written as any other: by the writer, while it holds the lease.
    await writerLease?.acquireWriterLease(writerLeaseHolder(dir), 'deconflict init', WRITER_LEASE_TTL_MS);
    saveHubKey(dir, key, location);
  } catch (error) {
    await store.close();
    throw error;
  }
  let publicKey = options.administrator.publicKey;
  let adminKeyPath: string | undefined;
  if (!publicKey) {
    const signer = OperatorSigner.generate();
    adminKeyPath = join(dir.path, 'admin.key');
    signer.save(adminKeyPath);
    publicKey = signer.publicKey;
  }
  const hub = await Hub.open({ store, hubKey, origin });
  const accepted = await hub.found(options.party, { ...options.administrator, publicKey });
  await hub.close();
  await writerLease?.releaseWriterLease();
  await store.close();
  return { ...(adminKeyPath ? { adminKeyPath } : {}), size: accepted.size };
}
