import { PostgresqlStore } from './postgresql-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store, StoreAddress } from './store.js';

/**
 * A connection of one's own to the store at `address`: an SQLite file, or a PostgreSQL database
 * checked first to hold the record of the hub `verifierKey` names, or none.
 */
export async function openStoreAt(address: StoreAddress, verifierKey: string): Promise<Store> {
  return address.kind === 'sqlite'
    ? new SqliteStore(address.path)
    : await PostgresqlStore.open(address.url, verifierKey);
}
