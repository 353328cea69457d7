// How big a running hub's SQLite database is, read from beside it: its pages with what its WAL adds
// folded in, as it will be on disk once checkpointed. The files' sizes would say when SQLite
// happened to checkpoint, and the WAL filling once to its usual size, rather than what was stored.
import Database from 'better-sqlite3';

export function databaseBytes(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (
      (db.pragma('page_count', { simple: true }) as number) *
      (db.pragma('page_size', { simple: true }) as number)
    );
  } finally {
    db.close();
  }
}
