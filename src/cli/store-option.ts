import { InvalidArgumentError } from 'commander';
import { PostgresqlUrlError, parsePostgresqlUrl } from '../store/postgresql-url.js';

/** Where the hub keeps its record: the data directory's SQLite file, or a PostgreSQL database. */
export type StoreLocation = { kind: 'sqlite' } | { kind: 'postgresql'; url: string };

export const STORE_OPTION_HELP =
  'keep the record on PostgreSQL: postgresql://user@host/database, or several hosts tried in order: postgresql://user@host1,host2/database?target_session_attrs=read-write (default $DECONFLICT_STORE, else the data directory)';

/**
 * Reads `--store`, else DECONFLICT_STORE; none means the embedded database in the data directory.
 * (Not a default of the option: help would print the URL, and with it any password.)
 */
export function storeLocation(option: string | undefined): StoreLocation {
  const value = option ?? process.env.DECONFLICT_STORE;
  if (value === undefined || value === '') return { kind: 'sqlite' };
  if (!/^postgres(ql)?:\/\//.test(value))
    throw new InvalidArgumentError(
      '--store (or DECONFLICT_STORE) takes a postgresql:// URL; without it the record is kept in the data directory',
    );
  try {
    parsePostgresqlUrl(value);
  } catch (error) {
    if (error instanceof PostgresqlUrlError) throw new InvalidArgumentError(`--store: ${error.message}`);
    throw error;
  }
  return { kind: 'postgresql', url: value };
}
