import type { PostgresqlPool } from './postgresql-pool.js';
import type { TrackArchiveStore, TrackFix, TrackFixQuery } from './store.js';
import { trackFixValues } from './store.js';

const FIX_COLUMNS = `feed, track, time, lon, lat, alt_m AS "altM", ground_speed_ms AS "groundSpeedMs",
  track_deg AS "trackDeg", vertical_rate_ms AS "verticalRateMs"`;

const FIX_TYPES = ['text', 'text', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8'];

/** The track archive on PostgreSQL: `seq`, an identity column, is the order positions were stored in. */
export class PostgresqlTrackArchive implements TrackArchiveStore {
  constructor(private readonly pool: PostgresqlPool) {}

  async archiveTrackFixes(batch: string, fixes: readonly TrackFix[]): Promise<void> {
    if (fixes.length === 0) return;
    const values = fixes.map(trackFixValues);
    const columns = FIX_TYPES.map((_, at) => values.map((fix) => fix[at]));
    const arrays = FIX_TYPES.map((type, at) => `$${at + 2}::${type}[]`).join(', ');
    // Ordered by position in the batch, so that `seq` keeps the order its commitment hashed.
    await this.pool.query(
      `INSERT INTO track_fix (batch, feed, track, time, lon, lat, alt_m, ground_speed_ms, track_deg, vertical_rate_ms)
       SELECT $1, feed, track, time, lon, lat, alt_m, ground_speed_ms, track_deg, vertical_rate_ms
         FROM unnest(${arrays}) WITH ORDINALITY
              AS fix(feed, track, time, lon, lat, alt_m, ground_speed_ms, track_deg, vertical_rate_ms, at)
        ORDER BY at`,
      [batch, ...columns],
    );
  }

  /** One batch at a time, so that memory holds one batch however large the archive. */
  async *trackFixBatches(): AsyncIterable<{ batch: string | null; fixes: TrackFix[] }> {
    for (const batch of await this.trackFixBatchIds()) {
      const fixes = await this.trackFixBatch(batch);
      if (fixes.length > 0) yield { batch, fixes };
    }
  }

  /** One batch's kept positions in the order written; null: those stored under no batch. */
  async trackFixBatch(batch: string | null): Promise<TrackFix[]> {
    const result = await this.pool.query<TrackFix>(
      batch === null
        ? `SELECT ${FIX_COLUMNS} FROM track_fix WHERE batch IS NULL ORDER BY seq`
        : `SELECT ${FIX_COLUMNS} FROM track_fix WHERE batch = $1 ORDER BY seq`,
      batch === null ? [] : [batch],
    );
    return result.rows;
  }

  async trackFixBatchIds(): Promise<(string | null)[]> {
    const result = await this.pool.query<{ batch: string | null }>('SELECT DISTINCT batch FROM track_fix');
    return result.rows.map((row) => row.batch);
  }

  async deleteTrackFixBatches(batches: readonly (string | null)[]): Promise<void> {
    const named = batches.filter((batch): batch is string => batch !== null);
    await this.pool.query('DELETE FROM track_fix WHERE batch = ANY($1::text[]) OR ($2 AND batch IS NULL)', [
      named,
      named.length < batches.length,
    ]);
  }

  async trackFixes(query: TrackFixQuery): Promise<(TrackFix & { row: number })[]> {
    if (query.feeds.length === 0) return [];
    const result = await this.pool.query<TrackFix & { row: number }>(
      `SELECT seq AS "row", ${FIX_COLUMNS}
         FROM track_fix
        WHERE feed = ANY($1::text[]) AND time >= $2 AND time < $3
              AND ($4::text IS NULL OR track = $4)
              AND ($5::float8 IS NULL OR (time, seq) > ($5, $6::bigint))
        ORDER BY time, seq LIMIT $7`,
      [
        query.feeds,
        query.start,
        query.end,
        query.track ?? null,
        query.after?.time ?? null,
        query.after?.row ?? null,
        query.limit,
      ],
    );
    return result.rows;
  }
}
