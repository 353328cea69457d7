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
      open: () => PostgresqlStore.open(server.url({ database }), VERIFIER_KEY),
      remove: async () => {
        await server.query(`DROP DATABASE ${database}`);
      },
    };
  },
  unavailable ?? false,
);
