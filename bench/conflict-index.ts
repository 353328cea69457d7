// The conflict check of one new operation against a large set of live volumes: the in-process
// ConflictIndex (time-bucketed packed R-trees, exact geodesic decision) side by side, in the same
// run, with PostGIS answering the same queries from a GiST index over geography and time. Every
// query's answer (the set of conflicting candidate/indexed volume pairs) is compared; a
// disagreement is tolerated only when the geodesic distance between the cores is within 0.5 m of
// the threshold.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConflictIndex } from '../src/deconfliction/conflict-index.js';
import type { DeclarationKey } from '../src/deconfliction/declaration-conflict.js';
import { coreDistanceM } from '../src/geo/distance.js';
import type { Separation, Volume } from '../src/geo/shape.js';
import { type Postgis, postgisUnavailable, startPostgis } from '../test/support/postgis.js';
import { Prng } from '../test/support/prng.js';
import {
  type BenchResult,
  elapsedSince,
  formatNumber,
  latency,
  log,
  machine,
  machineLine,
  rounded,
  type SummaryRow,
  saveResult,
  summaryTable,
  table,
} from './lib/report.js';
import { iso, LAT, LON, MAX_RADIUS_M, randomOperation, wktOf } from './lib/theatre.js';

export interface ConflictIndexBenchOptions {
  quick: boolean;
}

interface Sizes {
  volumes: number;
  queries: number;
}
const FULL: Sizes = { volumes: 1_000_000, queries: 1000 };
const QUICK: Sizes = { volumes: 20_000, queries: 200 };

const SEP: Separation = { horizontalM: 5000, verticalM: 300, timeS: 900 };
const PARTIES = Array.from({ length: 20 }, (_, i) => `party-${i}`);
const T0 = Date.parse('2026-03-02T00:00:00Z');
/** A disagreement closer than this to the threshold is rounding between two geodesic models. */
const TOLERANCE_M = 0.5;
const AIM_SPEEDUP = 10;
const INSERT_BATCH = 25_000;

/** Candidates as the arrays the PostGIS query unnests. */
function queryParams(volumes: readonly Volume[]): unknown[] {
  return [
    volumes.map((v) => wktOf(v.shape.core)),
    volumes.map((v) => v.shape.radiusM),
    volumes.map((v) => v.altitudeLowerM),
    volumes.map((v) => v.altitudeUpperM),
    volumes.map((v) => iso(v.timeStart)),
    volumes.map((v) => iso(v.timeEnd)),
  ];
}

// The GiST index serves the first ST_DWithin (a constant reach: the candidate's radius, the minimum
// and the largest radius in the table) and the range overlap; the second ST_DWithin is exact per pair.
const QUERY = `
SELECT q.i::int AS candidate, v.id
FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::timestamptz[], $6::timestamptz[])
  WITH ORDINALITY AS q(wkt, r, lo, hi, ts, te, i)
CROSS JOIN LATERAL (SELECT ST_GeogFromText(q.wkt) AS g) c
CROSS JOIN LATERAL (
  SELECT v.id FROM volumes v
  WHERE ST_DWithin(v.core, c.g, ${SEP.horizontalM + MAX_RADIUS_M} + q.r)
    AND v.during && tstzrange(q.ts - interval '${SEP.timeS} seconds', q.te + interval '${SEP.timeS} seconds', '[]')
    AND v.lo <= q.hi + ${SEP.verticalM} AND v.hi >= q.lo - ${SEP.verticalM}
    AND ST_DWithin(v.core, c.g, ${SEP.horizontalM} + q.r + v.radius)
) v`;

/** The heap after a full collection, in MiB. */
function heapMiB(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

interface Disagreement {
  query: number;
  candidate: number;
  indexed: number;
  ours: boolean;
  postgis: boolean;
  /** Our geodesic distance between the cores, and the threshold it is compared with. */
  coreDistanceM: number;
  thresholdM: number;
  marginM: number;
  postgisDistanceM: number | null;
  timeAndAltitudeMatch: boolean;
}

async function loadPostgis(
  pg: Postgis,
  volumes: readonly Volume[],
): Promise<{ loadMs: number; indexMs: number }> {
  await pg.query("SET maintenance_work_mem = '1GB'");
  await pg.query(`CREATE UNLOGGED TABLE volumes (
    id integer PRIMARY KEY, core geography NOT NULL, radius float8 NOT NULL,
    lo float8 NOT NULL, hi float8 NOT NULL, during tstzrange NOT NULL)`);
  const began = performance.now();
  for (let from = 0; from < volumes.length; from += INSERT_BATCH) {
    const batch = volumes.slice(from, from + INSERT_BATCH);
    await pg.query(
      `INSERT INTO volumes
       SELECT id, ST_GeogFromText(wkt), r, lo, hi, tstzrange(ts, te, '[]')
       FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::timestamptz[], $7::timestamptz[])
         AS t(id, wkt, r, lo, hi, ts, te)`,
      [batch.map((v) => Number(v.id)), ...queryParams(batch)],
    );
  }
  const loadMs = performance.now() - began;
  const indexed = performance.now();
  await pg.query('CREATE INDEX volumes_core_during ON volumes USING gist (core, during)');
  await pg.query('ANALYZE volumes');
  return { loadMs, indexMs: performance.now() - indexed };
}

export async function run(options: ConflictIndexBenchOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const info = await machine();
  log(`# conflict-index: ${sizes.volumes.toLocaleString('en-US')} live volumes, ${sizes.queries} queries`);
  log(machineLine(info));

  // The live volumes, as declarations of 1–4 volumes each.
  const rng = new Prng(20260302);
  const heapBefore = heapMiB();
  let began = performance.now();
  const declarations: { owner: DeclarationKey; volumes: Volume[] }[] = [];
  const all: Volume[] = [];
  while (all.length < sizes.volumes) {
    const count = Math.min(1 + rng.int(4), sizes.volumes - all.length);
    const volumes = randomOperation(rng, count, all.length, { t0: T0 });
    all.push(...volumes);
    declarations.push({
      owner: { declaration: `d${declarations.length}`, version: 1, party: rng.pick(PARTIES) },
      volumes,
    });
  }
  const shapes = { point: 0, polyline: 0, polygon: 0 };
  for (const v of all) shapes[v.shape.core.kind]++;
  log(`generated ${all.length} volumes in ${declarations.length} declarations (${elapsedSince(began)})`);
  const heapVolumes = heapMiB();

  began = performance.now();
  const index = new ConflictIndex({ maxSeparation: SEP });
  index.load(declarations);
  const buildMs = performance.now() - began;
  const heapIndexed = heapMiB();
  log(`ConflictIndex.load: ${(buildMs / 1000).toFixed(2)} s; heap ${heapIndexed.toFixed(0)} MiB`);

  // The operations to check: 2–5 volumes each, by a party of the 20.
  const queries = Array.from({ length: sizes.queries }, (_, q) => ({
    owner: { declaration: `q${q}`, version: 1, party: rng.pick(PARTIES) },
    volumes: randomOperation(rng, 2 + rng.int(4), 10_000_000 + q * 10, { t0: T0 }),
  }));
  const separationFor = () => SEP;
  const ours: Set<string>[] = [];
  // Warm-up: the JIT, and the trees' pages.
  for (const query of queries.slice(0, 100)) index.conflicts(query.volumes, query.owner, separationFor);
  const ourMs: number[] = [];
  for (const query of queries) {
    const t = performance.now();
    const found = index.conflicts(query.volumes, query.owner, separationFor);
    ourMs.push(performance.now() - t);
    const pairs = new Set<string>();
    for (const group of found)
      for (const pair of group.pairs) pairs.add(`${pair.candidate}:${pair.indexedVolume.id}`);
    ours.push(pairs);
  }
  const ourLatency = latency(ourMs);
  const ourPairs = ours.reduce((sum, s) => sum + s.size, 0);
  log(
    `ours: p50 ${ourLatency.p50.toFixed(3)} ms, p99 ${ourLatency.p99.toFixed(3)} ms; ${ourPairs} pairs in all`,
  );

  const summary: SummaryRow[] = [];
  const row = (metric: string, value: number, unit: string, against?: string) =>
    summary.push({ benchmark: 'conflict-index', metric, value, unit, ...(against ? { against } : {}) });
  const details: Record<string, unknown> = {};

  const unavailable = postgisUnavailable();
  if (unavailable !== null) {
    log(`PostGIS skipped: ${unavailable}`);
  } else {
    const pg = await startPostgis();
    try {
      const [version] = await pg.query<{ v: string }>('SELECT postgis_full_version() AS v');
      const loaded = await loadPostgis(pg, all);
      log(
        `PostGIS: insert ${(loaded.loadMs / 1000).toFixed(1)} s, GiST index + ANALYZE ${(loaded.indexMs / 1000).toFixed(1)} s`,
      );
      const plans = await pg.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${QUERY}`,
        queryParams(queries[0]?.volumes ?? []),
      );
      const planText = plans.map((p) => p['QUERY PLAN']).join('\n');
      if (!planText.includes('volumes_core_during'))
        log(`warning: the plan does not use the index:\n${planText}`);
      for (const query of queries.slice(0, 50)) await pg.query(QUERY, queryParams(query.volumes));
      const serverMs: number[] = [];
      const planningMs: number[] = [];
      const roundTripMs: number[] = [];
      const disagreements: Disagreement[] = [];
      let agreeing = 0;
      let postgisPairs = 0;
      for (const [q, query] of queries.entries()) {
        const params = queryParams(query.volumes);
        const t = performance.now();
        const rows = await pg.query<{ candidate: number; id: number }>(QUERY, params);
        roundTripMs.push(performance.now() - t);
        const [explained] = await pg.query<{
          'QUERY PLAN': [{ 'Execution Time': number; 'Planning Time': number }];
        }>(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${QUERY}`, params);
        const stats = explained?.['QUERY PLAN'][0];
        serverMs.push(stats?.['Execution Time'] ?? Number.NaN);
        planningMs.push(stats?.['Planning Time'] ?? Number.NaN);
        const theirs = new Set(rows.map((r) => `${r.candidate - 1}:${r.id}`));
        postgisPairs += theirs.size;
        const mine = ours[q] as Set<string>;
        const differing = [...mine]
          .filter((k) => !theirs.has(k))
          .concat([...theirs].filter((k) => !mine.has(k)));
        if (differing.length === 0) agreeing++;
        for (const key of differing) {
          const [c, id] = key.split(':').map(Number) as [number, number];
          const a = query.volumes[c] as Volume;
          const b = all[id] as Volume;
          const distance = coreDistanceM(a.shape.core, b.shape.core);
          const threshold = SEP.horizontalM + a.shape.radiusM + b.shape.radiusM;
          const [measured] = await pg.query<{ d: number }>(
            'SELECT ST_Distance(core, ST_GeogFromText($1)) AS d FROM volumes WHERE id = $2',
            [wktOf(a.shape.core), id],
          );
          disagreements.push({
            query: q,
            candidate: c,
            indexed: id,
            ours: mine.has(key),
            postgis: theirs.has(key),
            coreDistanceM: distance,
            thresholdM: threshold,
            marginM: Math.abs(distance - threshold),
            postgisDistanceM: measured?.d ?? null,
            timeAndAltitudeMatch:
              Math.max(a.timeStart, b.timeStart) - Math.min(a.timeEnd, b.timeEnd) <= SEP.timeS * 1000 &&
              Math.max(a.altitudeLowerM, b.altitudeLowerM) - Math.min(a.altitudeUpperM, b.altitudeUpperM) <=
                SEP.verticalM,
          });
        }
      }
      const beyond = disagreements.filter((d) => d.marginM > TOLERANCE_M || !d.timeAndAltitudeMatch);
      const server = latency(serverMs);
      const roundTrip = latency(roundTripMs);
      const planning = latency(planningMs);
      log(
        `PostGIS: in-server p50 ${server.p50.toFixed(3)} ms, p99 ${server.p99.toFixed(3)} ms (planning p50 ${planning.p50.toFixed(3)} ms); round trip p50 ${roundTrip.p50.toFixed(3)} ms, p99 ${roundTrip.p99.toFixed(3)} ms`,
      );
      log(
        `answers: ${agreeing}/${queries.length} queries identical; ${ourPairs} pairs ours, ${postgisPairs} PostGIS; ${disagreements.length} pairs differ, ${beyond.length} beyond ${TOLERANCE_M} m`,
      );
      if (disagreements.length > 0) {
        log(
          table(
            [
              'query',
              'cand',
              'volume',
              'ours',
              'postgis',
              'core distance m',
              'threshold m',
              'margin m',
              'PostGIS m',
            ],
            disagreements
              .slice(0, 40)
              .map((d) => [
                String(d.query),
                String(d.candidate),
                String(d.indexed),
                String(d.ours),
                String(d.postgis),
                d.coreDistanceM.toFixed(4),
                d.thresholdM.toFixed(0),
                d.marginM.toFixed(4),
                d.postgisDistanceM?.toFixed(4) ?? '',
              ]),
          ),
        );
      }
      if (beyond.length > 0) {
        log(`FAILURE: ${beyond.length} disagreements beyond ${TOLERANCE_M} m:`);
        for (const d of beyond) log(JSON.stringify(d));
        process.exitCode = 1;
      }
      const postgisBuildMs = loaded.loadMs + loaded.indexMs;
      row('volumes indexed', all.length, 'volumes');
      row(
        'build: ConflictIndex.load',
        buildMs / 1000,
        's',
        `PostGIS insert + GiST ${formatNumber(postgisBuildMs / 1000)} s`,
      );
      row('build: PostGIS insert', loaded.loadMs / 1000, 's');
      row('build: PostGIS GiST index + ANALYZE', loaded.indexMs / 1000, 's');
      row(
        'check p50: ours in-process',
        ourLatency.p50,
        'ms',
        `PostGIS in-server ${formatNumber(server.p50)} ms`,
      );
      row(
        'check p99: ours in-process',
        ourLatency.p99,
        'ms',
        `PostGIS in-server ${formatNumber(server.p99)} ms`,
      );
      row('check p50: PostGIS in-server', server.p50, 'ms');
      row('check p99: PostGIS in-server', server.p99, 'ms');
      row('check p50: PostGIS round trip', roundTrip.p50, 'ms');
      row('check p99: PostGIS round trip', roundTrip.p99, 'ms');
      row('speed-up p50 vs in-server', server.p50 / ourLatency.p50, '×', `aim ≥ ${AIM_SPEEDUP}×`);
      row('speed-up p99 vs in-server', server.p99 / ourLatency.p99, '×', `aim ≥ ${AIM_SPEEDUP}×`);
      row(
        'heap after build',
        heapIndexed,
        'MiB',
        `volumes alone ${formatNumber(heapVolumes - heapBefore)} MiB`,
      );
      row('queries with identical answers', agreeing, 'queries', `of ${queries.length}; aim all`);
      row('conflicting pairs found', ourPairs, 'pairs', `PostGIS ${postgisPairs}`);
      row('pairs differing', disagreements.length, 'pairs', `${beyond.length} beyond ${TOLERANCE_M} m`);
      Object.assign(details, {
        postgis: {
          version: version?.v,
          query: QUERY.trim(),
          plan: planText,
          settings: 'cluster from test/support/postgis.ts (shared_buffers 64MB, fsync off); UNLOGGED table',
          loadMs: loaded.loadMs,
          indexMs: loaded.indexMs,
          inServerMs: rounded(server),
          planningMs: rounded(planning),
          roundTripMs: rounded(roundTrip),
        },
        agreement: {
          queries: queries.length,
          identical: agreeing,
          ourPairs,
          postgisPairs,
          toleranceM: TOLERANCE_M,
          disagreements,
        },
      });
    } finally {
      await pg.stop();
    }
  }
  if (summary.length === 0) {
    row('build: ConflictIndex.load', buildMs / 1000, 's');
    row('check p50: ours in-process', ourLatency.p50, 'ms');
    row('check p99: ours in-process', ourLatency.p99, 'ms');
    row('heap after build', heapIndexed, 'MiB');
  }
  log(summaryTable(summary));
  const result: BenchResult = {
    name: 'conflict-index',
    quick: options.quick,
    machine: info,
    summary,
    sizes,
    separation: SEP,
    theatre: { lat: LAT, lon: LON, start: iso(T0), days: 7 },
    shapes,
    declarations: declarations.length,
    buildMs,
    heapMiB: { before: heapBefore, volumes: heapVolumes, indexed: heapIndexed },
    oursMs: rounded(ourLatency),
    ...details,
  };
  log(`saved ${saveResult(result)}`);
  return result;
}
