import { after, before } from 'node:test';
import { PostgresqlStore } from '../../src/store/postgresql-store.js';
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgis.js';
import { storeContract } from './store-contract.js';

const unavailable = postgresUnavailable();
const VERIFIER_KEY = 'test.example/hub+00000000+AQ==';
let server: PostgresServer;
let databases = 0;

before(async () => {
  if (!unavailable) server = await startPostgres();
});
after(() => server?.stop());

storeContract(
  'PostgreSQL',
  async () => {
    const database = `store_${++databases}`;
    await server.query(`CREATE DATABASE ${database}`);
    return {
      // Only the writer commits: each opening takes the lease again, as a restarted hub does.
      open: async () => {
        const store = await PostgresqlStore.open(server.url({ database }), VERIFIER_KEY);
        await store.acquireWriterLease('contract.test', 'http://contract.test', 60_000);
        return store;
      },
      remove: async () => {
        await server.query(`DROP DATABASE ${database}`);
      },
    };
  },
  unavailable ?? false,
);
