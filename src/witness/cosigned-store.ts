// The witness's memory: per log origin, the latest checkpoint it cosigned. One
// SQLite file, every commit fsynced before it returns (synchronous = FULL), so
// a cosignature is only ever handed out for a state that survives a power cut.
// Checking against the latest and recording the next happen in one immediate
// transaction, so two requests (even from two processes) cannot roll it back.
import Database from 'better-sqlite3';

export interface LatestCosigned {
  size: number;
  root: Uint8Array;
  /** The signed checkpoint note as the log sent it. */
  checkpoint: string;
  /** When it was cosigned, POSIX seconds. */
  time: number;
}

export const WITNESS_DB_FILE = 'witness.db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cosigned (
  origin TEXT PRIMARY KEY,
  size INTEGER NOT NULL CHECK (size >= 0),
  root BLOB NOT NULL CHECK (length(root) = 32),
  checkpoint TEXT NOT NULL,
  time INTEGER NOT NULL
);
-- The rule a witness exists to keep, kept by the file as well as by the code.
CREATE TRIGGER IF NOT EXISTS cosigned_never_shrinks BEFORE UPDATE ON cosigned
WHEN NEW.size < OLD.size BEGIN SELECT RAISE(ABORT, 'a witness never rolls back a log'); END;
`;

interface Row {
  size: number;
  root: Buffer;
  checkpoint: string;
  time: number;
}

export class CosignedStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], Row>;
  private readonly upsert: Database.Statement<[string, number, Uint8Array, string, number]>;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.select = this.db.prepare('SELECT size, root, checkpoint, time FROM cosigned WHERE origin = ?');
    this.upsert = this.db.prepare(
      `INSERT INTO cosigned (origin, size, root, checkpoint, time) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root,
         checkpoint = excluded.checkpoint, time = excluded.time`,
    );
  }

  latest(origin: string): LatestCosigned | undefined {
    const row = this.select.get(origin);
    return row === undefined ? undefined : { ...row, root: new Uint8Array(row.root) };
  }

  /**
   * Calls `decide` with the latest for `origin` and records the `next` it returns,
   * committed before this returns its `answer`. A throw writes nothing.
   */
  advance<Answer>(
    origin: string,
    decide: (latest: LatestCosigned | undefined) => { next?: LatestCosigned; answer: Answer },
  ): Answer {
    const step = this.db.transaction(() => {
      const { next, answer } = decide(this.latest(origin));
      if (next !== undefined) this.upsert.run(origin, next.size, next.root, next.checkpoint, next.time);
      return answer;
    });
    return step.immediate();
  }

  close(): void {
    this.db.close();
  }
}
