// The PostGIS peer of the admissions benchmark: the same volumes in one table under a GiST index over
// geography and time, and the same admission as one transaction per operation (the conflict query
// for its volumes, the key compared, then the insert of its volumes), over N connections.
import type pg from 'pg';
import { HUB_DEFAULT_SEPARATION } from '../../src/deconfliction/separation-minima.js';
import type { AdmissionSpec } from './admission-load.js';
import { type Operation, operationVolumes } from './admission-workload.js';
import type { PostgisCluster } from './postgis-cluster.js';
import { latency, rounded } from './report.js';
import { iso, MAX_RADIUS_M, wktOf } from './theatre.js';

const SEP = HUB_DEFAULT_SEPARATION;

/**
 * How PostGIS keeps concurrent admissions from missing each other (the hub's single writer decides
 * each against all admitted before it): serializable transactions, retried on a serialization
 * failure; or one advisory lock taken by every admission, which serializes them like a single writer.
 */
export type PostgisMode = 'serializable' | 'advisory lock';

export interface PostgisRun {
  mode: PostgisMode;
  connections: number;
  /** Indices of the hub phases whose operations this run admits. */
  phases: number[];
}

export const POSTGIS_RUNS: PostgisRun[] = [
  { mode: 'serializable', connections: 16, phases: [0, 1] },
  { mode: 'serializable', connections: 64, phases: [2] },
  { mode: 'advisory lock', connections: 64, phases: [3, 4] },
  { mode: 'advisory lock', connections: 64, phases: [5] },
];

/** Durable (fsync, synchronous_commit and full_page_writes keep their defaults, on) with room to cache. */
export const POSTGIS_SETTINGS = [
  'shared_buffers=2GB',
  'work_mem=64MB',
  'maintenance_work_mem=1GB',
  'max_wal_size=8GB',
  'max_parallel_workers_per_gather=0',
  'max_pred_locks_per_transaction=256',
];

// Rows of the volumes table as unnest arrays: declaration, party, core WKT, radius, band, window.
export function rowParams(operations: readonly Operation[]): unknown[] {
  const columns: unknown[][] = [[], [], [], [], [], [], [], []];
  for (const operation of operations) {
    for (const v of operationVolumes(operation)) {
      const values = [
        operation.id,
        operation.party,
        wktOf(v.shape.core),
        v.shape.radiusM,
        v.altitudeLowerM,
        v.altitudeUpperM,
        iso(v.timeStart),
        iso(v.timeEnd),
      ];
      for (const [i, value] of values.entries()) columns[i]?.push(value);
    }
  }
  return columns;
}

export const INSERT = `INSERT INTO volumes (decl, party, core, radius, lo, hi, during)
  SELECT d, p, ST_GeogFromText(w), r, lo, hi, tstzrange(ts, te, '[]')
  FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[],
              $7::timestamptz[], $8::timestamptz[]) AS t(d, p, w, r, lo, hi, ts, te)`;

// The hub's rule for these pairs: other party, within 1 km, 300 m and 10 min (the hub's defaults),
// touching counts. The GiST index serves the first ST_DWithin (constant reach) and the range overlap.
export const CONFLICTS = `
SELECT DISTINCT v.decl
FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::timestamptz[], $6::timestamptz[])
  AS q(wkt, r, lo, hi, ts, te)
CROSS JOIN LATERAL (SELECT ST_GeogFromText(q.wkt) AS g) c
CROSS JOIN LATERAL (
  SELECT v.decl FROM volumes v
  WHERE ST_DWithin(v.core, c.g, ${SEP.horizontalM + MAX_RADIUS_M} + q.r)
    AND v.during && tstzrange(q.ts - interval '${SEP.timeS} seconds', q.te + interval '${SEP.timeS} seconds', '[]')
    AND v.lo <= q.hi + ${SEP.verticalM} AND v.hi >= q.lo - ${SEP.verticalM}
    AND v.party <> $7
    AND ST_DWithin(v.core, c.g, ${SEP.horizontalM} + q.r + v.radius)
) v`;

function conflictParams(operation: Operation): unknown[] {
  const [, , wkt, r, lo, hi, ts, te] = rowParams([operation]);
  return [wkt, r, lo, hi, ts, te, operation.party];
}

export async function createVolumesTable(pgc: PostgisCluster): Promise<void> {
  await pgc.query(`CREATE TABLE volumes (
    decl text NOT NULL, party text NOT NULL, core geography NOT NULL, radius float8 NOT NULL,
    lo float8 NOT NULL, hi float8 NOT NULL, during tstzrange NOT NULL)`);
}

/** CREATE INDEX, timed alone; then statistics and a checkpoint, so that the runs start clean. */
export async function createVolumesIndex(pgc: PostgisCluster): Promise<number> {
  const t = performance.now();
  await pgc.query('CREATE INDEX volumes_core_during ON volumes USING gist (core, during)');
  const ms = performance.now() - t;
  await pgc.query('ANALYZE volumes');
  await pgc.query('CHECKPOINT');
  return ms;
}

export async function postgisAdmissions(
  pgc: PostgisCluster,
  specs: readonly AdmissionSpec[],
  { mode, connections }: PostgisRun,
) {
  const pool = pgc.pool(connections);
  const latencies = new Float64Array(specs.length);
  const checkMs = new Float64Array(specs.length);
  const found = new Map<string, string[]>();
  let retries = 0;
  let refused = 0;
  let next = 0;
  const started = performance.now();
  const worker = async (client: pg.PoolClient): Promise<void> => {
    while (next < specs.length) {
      const i = next++;
      const spec = specs[i] as AdmissionSpec;
      const key = new Set(spec.key);
      const sent = performance.now();
      for (;;) {
        try {
          if (mode === 'serializable') await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
          else {
            await client.query('BEGIN');
            await client.query('SELECT pg_advisory_xact_lock(1)');
          }
          const t = performance.now();
          const rows = (
            await client.query<{ decl: string }>({
              name: 'conflicts',
              text: CONFLICTS,
              values: conflictParams(spec.operation),
            })
          ).rows;
          checkMs[i] = performance.now() - t;
          const ids = rows.map((r) => r.decl);
          if (ids.some((id) => !key.has(id))) {
            await client.query('ROLLBACK');
            refused++;
            break;
          }
          await client.query({ name: 'insert', text: INSERT, values: rowParams([spec.operation]) });
          await client.query('COMMIT');
          found.set(spec.operation.id, ids);
          break;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          const code = (error as { code?: string }).code;
          if (code !== '40001' && code !== '40P01') throw error;
          retries++;
        }
      }
      latencies[i] = performance.now() - sent;
    }
  };
  const clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
  try {
    await Promise.all(clients.map(worker));
  } finally {
    for (const client of clients) client.release();
  }
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return {
    mode,
    connections,
    operations: specs.length,
    admitted: found.size,
    refused,
    serializationRetries: retries,
    seconds,
    perSecond: found.size / seconds,
    latencyMs: rounded(latency(latencies)),
    checkRoundTripMs: rounded(latency(checkMs)),
    found,
  };
}

/** PostGIS answering the check of the sample operations, before any is admitted: in-server time. */
export async function postgisCheck(pgc: PostgisCluster, specs: readonly AdmissionSpec[]) {
  for (const spec of specs.slice(0, 50)) await pgc.query(CONFLICTS, conflictParams(spec.operation));
  const planText = (
    await pgc.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN ${CONFLICTS}`,
      conflictParams((specs[0] as AdmissionSpec).operation),
    )
  )
    .map((p) => p['QUERY PLAN'])
    .join('\n');
  const serverMs: number[] = [];
  const roundTripMs: number[] = [];
  let differing = 0;
  for (const spec of specs) {
    const params = conflictParams(spec.operation);
    const t = performance.now();
    const rows = await pgc.query<{ decl: string }>(CONFLICTS, params);
    roundTripMs.push(performance.now() - t);
    const [explained] = await pgc.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(
      `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${CONFLICTS}`,
      params,
    );
    serverMs.push(explained?.['QUERY PLAN'][0]['Execution Time'] ?? Number.NaN);
    const expected = new Set(spec.background);
    if (rows.length !== expected.size || rows.some((r) => !expected.has(r.decl))) differing++;
  }
  return {
    inServerMs: rounded(latency(serverMs)),
    roundTripMs: rounded(latency(roundTripMs)),
    differingFromKey: differing,
    usesIndex: planText.includes('volumes_core_during'),
    plan: planText,
  };
}
