// A party filling the hub with new track ids: it posts batches of 1,000 new airborne ids through
// its api feed as fast as the hub answers, for a fixed count of ids. Measures what lands on disk
// (the data directory's bytes before and after, with the hub stopped so the WAL is folded in), the
// reports taken and refused, and the size of the party's own `GET /v1/tracks` answer; once with
// the default quotas, and side by side with every quota lifted out of reach, as the hub was without
// them.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runHub } from '../src/cli/run-hub.js';
import { TRACK_QUOTA_VARIABLES } from '../src/hub/track-quotas.js';
import { accept, login, request } from '../test/support/api.js';
import { BENCH_ORIGIN, benchAdmin, foundBenchHub } from './lib/hub-fixture.js';
import {
  type BenchResult,
  formatNumber,
  log,
  machine,
  machineLine,
  type SummaryRow,
  saveResult,
  table,
} from './lib/report.js';

/** Small enough that a batch fits within the live tracks quota: the filler takes all it can. */
const BATCH = 1_000;

interface FillOutcome {
  quotas: 'default' | 'lifted';
  ids: number;
  seconds: number;
  taken: number;
  refusedBatches: number;
  bytesBefore: number;
  bytesAfter: number;
  tracksAnswerBytes: number;
}

function directoryBytes(path: string): number {
  return readdirSync(path).reduce((sum, name) => sum + statSync(join(path, name)).size, 0);
}

async function fill(ids: number, quotas: FillOutcome['quotas']): Promise<FillOutcome> {
  for (const variable of Object.values(TRACK_QUOTA_VARIABLES)) delete process.env[variable];
  if (quotas === 'lifted') {
    process.env[TRACK_QUOTA_VARIABLES.reportsPerSecond] = '1000000000';
    process.env[TRACK_QUOTA_VARIABLES.reportsBurst] = '1000000000';
    process.env[TRACK_QUOTA_VARIABLES.liveTracks] = '1000000000';
    process.env[TRACK_QUOTA_VARIABLES.keptPositions] = '1000000000';
  }
  // Kept positions written and committed at once, as they would be within 30 s.
  process.env[TRACK_QUOTA_VARIABLES.archiveEveryS] = '1';
  const admin = benchAdmin();
  const founded = await foundBenchHub(admin);
  try {
    let running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false);
    await accept(running.url, BENCH_ORIGIN, admin.signer, 'feed.set', {
      feed: { name: 'fill', kind: 'api' },
    });
    await running.stop();
    const bytesBefore = directoryBytes(founded.dir.path);
    running = await runHub(founded.dir, { host: '127.0.0.1', port: 0 }, false);
    const token = await login(running.url, BENCH_ORIGIN, admin.signer);
    const started = performance.now();
    let taken = 0;
    let refusedBatches = 0;
    for (let first = 0; first < ids; first += BATCH) {
      const time = new Date().toISOString();
      const reports = Array.from({ length: Math.min(BATCH, ids - first) }, (_, i) => ({
        id: `fill-${first + i}`,
        time,
        lon: 30 + ((first + i) % 1000) * 0.01,
        lat: 30 + Math.floor((first + i) / 1000) * 0.01,
        alt_m: 9000,
        ground_speed_ms: 230,
        track_deg: 90,
        airborne: true,
      }));
      const answer = await request(running.url, 'POST', '/v1/feeds/hub/fill/reports', {
        token,
        json: { reports },
      });
      if (answer.status === 200) taken += (answer.body as { accepted: number }).accepted;
      else refusedBatches++;
    }
    const seconds = (performance.now() - started) / 1000;
    const tracks = await request(running.url, 'GET', '/v1/tracks?limit=10000', { token });
    await running.stop();
    return {
      quotas,
      ids,
      seconds,
      taken,
      refusedBatches,
      bytesBefore,
      bytesAfter: directoryBytes(founded.dir.path),
      tracksAnswerBytes: Buffer.byteLength(tracks.text),
    };
  } finally {
    founded.remove();
  }
}

export async function run(options: { quick: boolean }): Promise<BenchResult> {
  const info = await machine();
  const ids = options.quick ? 20_000 : 200_000;
  log(
    `# track-fill: one party posts ${formatNumber(ids)} new track ids in batches of ${formatNumber(BATCH)}`,
  );
  log(machineLine(info));
  const outcomes = [await fill(ids, 'default'), await fill(ids, 'lifted')];
  log(
    table(
      ['quotas', 'seconds', 'taken', 'refused batches', 'data dir growth (bytes)', 'GET /v1/tracks (bytes)'],
      outcomes.map((o) => [
        o.quotas,
        o.seconds.toFixed(1),
        String(o.taken),
        String(o.refusedBatches),
        String(o.bytesAfter - o.bytesBefore),
        String(o.tracksAnswerBytes),
      ]),
    ),
  );
  const [bounded, lifted] = outcomes as [FillOutcome, FillOutcome];
  const summary: SummaryRow[] = [
    {
      benchmark: 'track-fill',
      metric: `disk growth for ${formatNumber(ids)} new ids`,
      value: bounded.bytesAfter - bounded.bytesBefore,
      unit: 'bytes',
      against: `${formatNumber(lifted.bytesAfter - lifted.bytesBefore)} bytes with the quotas lifted`,
    },
  ];
  const result: BenchResult = { name: 'track-fill', quick: options.quick, machine: info, summary, outcomes };
  log(`saved ${saveResult(result)}`);
  return result;
}
