import type Database from 'better-sqlite3';

/** Rows per statement: well under SQLite's 32,766 bound parameters for any of the hub's tables. */
const ROWS_PER_STATEMENT = 128;

/**
 * Inserts many rows with multi-row INSERT statements: a group commit writes thousands of rows, and
 * one statement per row spends more on the call into SQLite than on the insert itself.
 */
export class BulkInsert<Row> {
  private readonly statements = new Map<number, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly head: string,
    private readonly columns: number,
    private readonly tail: string,
    private readonly values: (row: Row) => unknown[],
  ) {}

  run(rows: readonly Row[]): void {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
      this.statement(chunk.length).run(chunk.flatMap(this.values));
    }
  }

  private statement(rows: number): Database.Statement {
    let statement = this.statements.get(rows);
    if (!statement) {
      const row = `(${Array.from({ length: this.columns }, () => '?').join(', ')})`;
      statement = this.db.prepare(
        `${this.head} VALUES ${Array.from({ length: rows }, () => row).join(', ')} ${this.tail}`,
      );
      this.statements.set(rows, statement);
    }
    return statement;
  }
}
