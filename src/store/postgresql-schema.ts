// Before the hub writes anything to a PostgreSQL database it checks that the database is one it may
// use: its schema no newer than this hub knows, the record in it (if any) this hub's own, and the
// role it connects as allowed to do what the hub will do. Only then are pending migrations applied,
// all in one transaction.
import type pg from 'pg';
import { POSTGRESQL_MIGRATIONS, POSTGRESQL_TABLES } from './postgresql-migrations.js';
import { StoreRefusal } from './store.js';

/** Any number, so that hubs opening one database at the same time migrate it one after the other. */
const MIGRATION_LOCK = 0x6465636f;

/**
 * Checks the database against the hub whose verifier key is given and brings its schema up to date,
 * in the transaction `client` is in. Refuses (a StoreRefusal) before it writes anything when the
 * database is not this hub's to use.
 */
export async function prepareSchema(client: pg.ClientBase, verifierKey: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
  const role = await roleAndSchema(client);
  await checkTableRights(client, role);
  const applied = await appliedVersion(client);
  if (applied > POSTGRESQL_MIGRATIONS.length) {
    throw new StoreRefusal(
      `the database has schema version ${applied}, newer than this hub knows (${POSTGRESQL_MIGRATIONS.length}): run a newer deconflict`,
    );
  }
  const stored = applied === 0 ? null : await storedVerifierKey(client);
  if (stored !== null && stored !== verifierKey) {
    throw new StoreRefusal(
      `the database holds the record of another hub (${stored}), not of this data directory's hub (${verifierKey})`,
    );
  }
  if (applied < POSTGRESQL_MIGRATIONS.length) await checkCreateRight(client, role);
  for (let version = applied; version < POSTGRESQL_MIGRATIONS.length; version++) {
    await client.query(POSTGRESQL_MIGRATIONS[version] as string);
  }
  if (applied < POSTGRESQL_MIGRATIONS.length) {
    await client.query('UPDATE schema_version SET version = $1', [POSTGRESQL_MIGRATIONS.length]);
  }
  if (stored === null) await client.query('INSERT INTO hub (verifier_key) VALUES ($1)', [verifierKey]);
}

async function appliedVersion(client: pg.ClientBase): Promise<number> {
  const table = await client.query<{ found: string | null }>(
    "SELECT to_regclass('schema_version')::text AS found",
  );
  if (table.rows[0]?.found == null) return 0;
  const row = await client.query<{ version: number }>('SELECT version FROM schema_version');
  return row.rows[0]?.version ?? 0;
}

async function storedVerifierKey(client: pg.ClientBase): Promise<string | null> {
  const row = await client.query<{ verifier_key: string }>('SELECT verifier_key FROM hub');
  return row.rows[0]?.verifier_key ?? null;
}

interface Role {
  role: string;
  schema: string;
}

async function roleAndSchema(client: pg.ClientBase): Promise<Role> {
  const row = (
    await client.query<{ role: string; schema: string | null }>(
      'SELECT current_user AS role, current_schema() AS schema',
    )
  ).rows[0] as { role: string; schema: string | null };
  if (row.schema === null) {
    throw new StoreRefusal(`role ${row.role} has no schema to use: its search_path names none that exists`);
  }
  return { role: row.role, schema: row.schema };
}

/** Names every right the role lacks on the hub's tables, rather than letting a write find the first. */
async function checkTableRights(client: pg.ClientBase, role: Role): Promise<void> {
  const lacking = await client.query<{ name: string; privilege: string }>(
    `SELECT t.name, p.privilege
       FROM unnest($1::text[]) AS t(name)
      CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS p(privilege)
      WHERE to_regclass(t.name) IS NOT NULL AND NOT has_table_privilege(to_regclass(t.name), p.privilege)`,
    [POSTGRESQL_TABLES],
  );
  if (lacking.rows.length > 0) {
    const missing = lacking.rows.map(({ name, privilege }) => `${privilege} on ${name}`);
    throw new StoreRefusal(`role ${role.role} lacks rights the hub needs: ${missing.join(', ')}`);
  }
}

async function checkCreateRight(client: pg.ClientBase, role: Role): Promise<void> {
  const create = await client.query<{ allowed: boolean }>(
    "SELECT has_schema_privilege(current_schema(), 'CREATE') AS allowed",
  );
  if (!create.rows[0]?.allowed) {
    throw new StoreRefusal(
      `role ${role.role} cannot create the hub's tables: it lacks CREATE on schema ${role.schema}`,
    );
  }
}
