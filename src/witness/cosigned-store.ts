// The witness's memory: per log origin, the latest checkpoint it cosigned, and
// the first checkpoints the log signed that it refused as a fork or without a
// proof (tlog-witness allows keeping them: they may prove the log lied). One
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

/** A checkpoint signed by the log that the witness would not cosign, with what it had cosigned. */
export interface RefusedCheckpoint {
  origin: string;
  reason: 'fork' | 'inconsistent';
  oldSize: number;
  /** The consistency proof sent, base64 lines. */
  proof: string[];
  checkpoint: string;
  /** The latest cosigned checkpoint at the time, if any. */
  cosigned: string | null;
  time: number;
}

export const WITNESS_DB_FILE = 'witness.db';
/** The first refusals per log are the evidence; a log repeating itself cannot fill the disk. */
export const MAX_REFUSED_PER_LOG = 32;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cosigned (
  origin TEXT PRIMARY KEY,
  size INTEGER NOT NULL CHECK (size >= 0),
  root BLOB NOT NULL CHECK (length(root) = 32),
  checkpoint TEXT NOT NULL,
  time INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS refused (
  id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL,
  reason TEXT NOT NULL,
  old_size INTEGER NOT NULL,
  proof TEXT NOT NULL,
  checkpoint TEXT NOT NULL,
  cosigned TEXT,
  time INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS refused_by_origin ON refused (origin);
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
  private readonly countRefused: Database.Statement<[string], { n: number }>;
  private readonly insertRefused: Database.Statement<
    [string, string, number, string, string, string | null, number]
  >;

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
    this.countRefused = this.db.prepare('SELECT count(*) AS n FROM refused WHERE origin = ?');
    this.insertRefused = this.db.prepare(
      'INSERT INTO refused (origin, reason, old_size, proof, checkpoint, cosigned, time) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  latest(origin: string): LatestCosigned | undefined {
    const row = this.select.get(origin);
    return row === undefined ? undefined : { ...row, root: new Uint8Array(row.root) };
  }

  /**
   * Calls `decide` with the latest for `origin` and records the `next` or the
   * `refused` it returns, committed before this returns its `answer`. A throw
   * writes nothing.
   */
  advance<Answer>(
    origin: string,
    decide: (latest: LatestCosigned | undefined) => {
      next?: LatestCosigned;
      refused?: RefusedCheckpoint;
      answer: Answer;
    },
  ): Answer {
    const step = this.db.transaction(() => {
      const { next, refused, answer } = decide(this.latest(origin));
      if (next !== undefined) this.upsert.run(origin, next.size, next.root, next.checkpoint, next.time);
      if (refused !== undefined && (this.countRefused.get(origin)?.n ?? 0) < MAX_REFUSED_PER_LOG) {
        const { reason, oldSize, proof, checkpoint, cosigned, time } = refused;
        this.insertRefused.run(origin, reason, oldSize, proof.join('\n'), checkpoint, cosigned, time);
      }
      return answer;
    });
    return step.immediate();
  }

  /** The refused checkpoints kept, oldest first. */
  refusals(): RefusedCheckpoint[] {
    const rows = this.db
      .prepare('SELECT origin, reason, old_size, proof, checkpoint, cosigned, time FROM refused ORDER BY id')
      .all() as {
      origin: string;
      reason: RefusedCheckpoint['reason'];
      old_size: number;
      proof: string;
      checkpoint: string;
      cosigned: string | null;
      time: number;
    }[];
    return rows.map(({ old_size, proof, ...rest }) => ({
      ...rest,
      oldSize: old_size,
      proof: proof === '' ? [] : proof.split('\n'),
    }));
  }

  close(): void {
    this.db.close();
  }
}
