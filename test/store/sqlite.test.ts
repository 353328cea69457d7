import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../support/temp-dir.js';
import { storeContract } from './store-contract.js';

storeContract(
  'SQLite',
  async () => {
    const temp = tempDir();
    const path = join(temp.path, 'hub.db');
    return { open: async () => new SqliteStore(path), remove: async () => temp.remove() };
  },
  false,
);
