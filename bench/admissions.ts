// Admissions of new operations on a hub holding a million live volumes, as real declarations in its
// record: the hub is filled through hub.submit with signed commands, reopened (replay and index
// rebuild timed), then admits new operations of many parties over HTTP (signed, conflict-checked
// against the live index, the known-conflicts key enforced, durably committed). PostGIS, in the same
// run, holds the same volumes under a GiST index and admits the same operations as one transaction
// each (conflict query, then insert; serializable, or under one lock) over N connections. The
// conflicts each side finds are compared with each other and with keys computed beforehand by an
// independent index. The hub, its HTTP clients and its PostGIS peer each have a file in bench/lib/.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OperatorSigner } from '../src/client/operator-signer.js';
import { ConflictIndex } from '../src/deconfliction/conflict-index.js';
import type { DeclarationKey } from '../src/deconfliction/declaration-conflict.js';
import { HUB_DEFAULT_SEPARATION, MAX_SEPARATION } from '../src/deconfliction/separation-minima.js';
import type { Volume } from '../src/geo/shape.js';
import { postgisUnavailable } from '../test/support/postgis.js';
import { compareAnswers, pairKey, TOLERANCE_M } from './lib/admission-answers.js';
import type {
  CheckReport,
  HubMessage,
  HubRequest,
  InProcessReport,
  PhaseStats,
  PopulationReport,
  RebuildReport,
} from './lib/admission-hub.js';
import { keyedSpecs } from './lib/admission-keys.js';
import type {
  AdmissionMode,
  AdmissionSpec,
  LoadMessage,
  LoadReport,
  LoadRequest,
} from './lib/admission-load.js';
import {
  CONFLICTS,
  createVolumesIndex,
  createVolumesTable,
  INSERT,
  POSTGIS_RUNS,
  POSTGIS_SETTINGS,
  type PostgisMode,
  type PostgisRun,
  postgisAdmissions,
  postgisCheck,
  rowParams,
} from './lib/admission-postgis.js';
import {
  BACKGROUND_CHUNK,
  backgroundChunk,
  clearSkyOperations,
  clientParty,
  newOperations,
  type Operation,
  operationVolumes,
  ownerOf,
  theatreStart,
} from './lib/admission-workload.js';
import { Child } from './lib/child-process.js';
import { breakdown, type CpuProfile, type ProfileBreakdown } from './lib/cpu-profile.js';
import { BENCH_ORIGIN, tempFileSystem } from './lib/hub-fixture.js';
import { cpuTimes, machineCoresBusy, waitForQuiet } from './lib/machine-load.js';
import { type PostgisCluster, startPostgisCluster } from './lib/postgis-cluster.js';
import {
  type BenchResult,
  elapsedSince,
  formatNumber,
  type Latency,
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
import { iso, LAT, LON } from './lib/theatre.js';

export interface AdmissionsOptions {
  quick: boolean;
}

interface HubPhase {
  name: string;
  /** in-process: hub.submit in the hub's process; otherwise over HTTP from the load process. */
  path: 'in-process' | 'http';
  mode: AdmissionMode;
  concurrency: number;
  count: number;
  profiled?: boolean;
  /** Operations that conflict with nothing (the clear-sky ones), after all the others. */
  clearSky?: boolean;
}

interface Sizes {
  background: number;
  parties: number;
  checkSample: number;
  phases: HubPhase[];
  /** PostGIS admission runs, each over the operations of some hub phases, in order. */
  postgisRuns: PostgisRun[];
  hubHeapMiB: number;
}

const phases = (scale: number): HubPhase[] => [
  {
    name: 'in-process, key known, window 256',
    path: 'in-process',
    mode: 'known-key',
    concurrency: 256,
    count: 2 * scale,
  },
  { name: 'HTTP, key known, 64 clients', path: 'http', mode: 'known-key', concurrency: 64, count: 3 * scale },
  {
    name: 'HTTP, key known, 256 clients',
    path: 'http',
    mode: 'known-key',
    concurrency: 256,
    count: 3 * scale,
  },
  {
    name: 'HTTP, two-step (409, then the key), 64 clients',
    path: 'http',
    mode: 'two-step',
    concurrency: 64,
    count: scale,
  },
  {
    name: 'HTTP, key known, 64 clients, CPU-profiled',
    path: 'http',
    mode: 'known-key',
    concurrency: 64,
    count: scale,
    profiled: true,
  },
  {
    name: 'HTTP, clear sky (no conflicts), key known, 64 clients',
    path: 'http',
    mode: 'known-key',
    concurrency: 64,
    count: 8 * scale,
    clearSky: true,
  },
];

const FULL: Sizes = {
  background: 250_000,
  parties: 256,
  checkSample: 1000,
  phases: phases(500),
  postgisRuns: POSTGIS_RUNS,
  hubHeapMiB: 14_000,
};
const QUICK: Sizes = {
  background: 5000,
  parties: 256,
  checkSample: 200,
  phases: phases(150),
  postgisRuns: POSTGIS_RUNS,
  hubHeapMiB: 4000,
};

/** Admissions over HTTP in the dense theatre, and of operations that conflict with nothing. */
const AIM_PER_SECOND = 500;
const AIM_CLEAR_SKY_PER_SECOND = 2000;
const AIM_SPEEDUP = 10;
const DSS_PUBLISHED = 'InterUSS DSS: about 120–150 requests/s for non-overlapping writes (published)';
const SEP = HUB_DEFAULT_SEPARATION;
const INSERT_ROWS = 25_000;

/** Background volumes into PostGIS and into an independent index; new operations and their keys. */
async function prepareWorld(sizes: Sizes, t0: number, pgc: PostgisCluster | null) {
  let began = performance.now();
  const declarations: { owner: DeclarationKey; volumes: Volume[] }[] = [];
  let pending: Operation[] = [];
  let postgisInsertMs = 0;
  const flush = async () => {
    if (!pgc || pending.length === 0) return;
    const t = performance.now();
    await pgc.query(INSERT, rowParams(pending));
    postgisInsertMs += performance.now() - t;
    pending = [];
  };
  if (pgc) await createVolumesTable(pgc);
  const chunks = Math.ceil(sizes.background / BACKGROUND_CHUNK);
  for (let c = 0; c < chunks; c++) {
    for (const operation of backgroundChunk(c, sizes.background, t0)) {
      declarations.push({ owner: ownerOf(operation), volumes: operationVolumes(operation) });
      pending.push(operation);
    }
    if (pending.length * 4 >= INSERT_ROWS) await flush();
  }
  await flush();
  log(
    `generated ${sizes.background.toLocaleString('en-US')} background operations (${(sizes.background * 4).toLocaleString('en-US')} volumes) in ${elapsedSince(began)}${pgc ? `, of which PostGIS insert ${(postgisInsertMs / 1000).toFixed(1)} s` : ''}`,
  );
  let postgisIndexMs = 0;
  if (pgc) {
    postgisIndexMs = await createVolumesIndex(pgc);
    log(`PostGIS: CREATE INDEX (GiST on geography, tstzrange) ${(postgisIndexMs / 1000).toFixed(1)} s`);
  }

  // The keys: every background declaration each new operation conflicts with (an index of our own,
  // searched within the hub's default minima, as the hub itself does here), and every new operation of
  // another party it conflicts with (naming one not yet admitted is harmless, so the key holds in
  // whatever order the operations arrive).
  began = performance.now();
  const independent = new ConflictIndex({ maxSeparation: SEP });
  independent.load(declarations);
  const independentLoadMs = performance.now() - began;
  declarations.length = 0;
  const count = (clearSky: boolean) =>
    sizes.phases.reduce((sum, phase) => sum + (Boolean(phase.clearSky) === clearSky ? phase.count : 0), 0);
  const total = count(false) + count(true);
  const { specs, checkMs } = keyedSpecs(
    independent,
    [
      ...newOperations(count(false), sizes.parties, t0),
      ...clearSkyOperations(count(true), sizes.parties, t0),
    ],
    sizes.parties,
  );
  log(
    `keys of ${total.toLocaleString('en-US')} new operations computed with an independent index (load ${(independentLoadMs / 1000).toFixed(1)} s) in ${elapsedSince(began)}`,
  );
  // The index alone, without the hub's declarations and pair rules around it.
  const independentCheckMs = rounded(latency(checkMs.slice(0, sizes.checkSample)));
  log(
    `  the independent index alone, first ${sizes.checkSample} operations: p50 ${formatNumber(independentCheckMs.p50)} ms, p99 ${formatNumber(independentCheckMs.p99)} ms`,
  );
  return {
    specs,
    dense: specs.slice(0, count(false)),
    postgisInsertMs,
    postgisIndexMs,
    independentLoadMs,
    independentCheckMs,
  };
}

interface HttpPhaseResult extends LoadReport {
  hub: PhaseStats;
  waitedSeconds: number;
  /** Cores busy on the machine with work other than the hub and its clients, during the phase. */
  othersCores: number | null;
  profile?: ProfileBreakdown & { path: string; perAdmissionUs: Record<string, number> };
}

/** Waits for the machine to be quiet before a timed phase, saying so when it had to wait. */
async function quiet(what: string): Promise<{ waitedSeconds: number; othersCores: number | null }> {
  const waited = await waitForQuiet();
  if (waited.waitedSeconds > 3)
    log(
      `  (waited ${waited.waitedSeconds.toFixed(0)} s for other work on the machine to calm down before ${what}; ${formatNumber(waited.othersCores ?? 0)} cores busy with it at the last look)`,
    );
  return waited;
}

export async function run(options: AdmissionsOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const started = performance.now();
  const info = await machine();
  const total = sizes.phases.reduce((sum, phase) => sum + phase.count, 0);
  log(
    `# admissions: new operations admitted on a hub of ${(sizes.background * 4).toLocaleString('en-US')} live volumes (${options.quick ? 'quick' : 'full'})`,
  );
  log(machineLine(info));
  log(`store: SqliteStore (WAL, synchronous=FULL) on ${tempFileSystem()}`);
  const t0 = theatreStart();
  log(
    `theatre: ${LAT[0]}–${LAT[1]}°N, ${LON[0]}–${LON[1]}°E (300 km × 300 km), the week from ${iso(t0)}; operations of 4 volumes (circles 200 m–5 km, polygons 300 m–3 km), windows 15 min–4 h`,
  );
  log(
    `background: ${sizes.background.toLocaleString('en-US')} operations by one party; new: ${total.toLocaleString('en-US')} operations by ${sizes.parties} other parties, in the same theatre; minima between parties: the hub's defaults (${SEP.horizontalM} m, ${SEP.verticalM} m, ${SEP.timeS} s), which is as far as the hub searches (no agreement widens them; agreements may, up to ${MAX_SEPARATION.horizontalM} m, ${MAX_SEPARATION.verticalM} m, ${MAX_SEPARATION.timeS} s)`,
  );

  const unavailable = postgisUnavailable();
  if (unavailable !== null) log(`PostGIS skipped: ${unavailable}`);
  const pgc = unavailable === null ? await startPostgisCluster(POSTGIS_SETTINGS) : null;
  const children: { kill(): void }[] = [];
  const profileDir = mkdtempSync(join(tmpdir(), 'deconflict-profile-'));
  try {
    const world = await prepareWorld(sizes, t0, pgc);
    const { specs, dense } = world;
    const operations = new Map(specs.map((spec) => [spec.operation.id, spec.operation]));
    const meanKey = dense.reduce((sum, s) => sum + s.key.length, 0) / dense.length;
    const meanBackground = dense.reduce((sum, s) => sum + s.background.length, 0) / dense.length;
    const withConflicts = dense.filter((s) => s.key.length > 0).length;
    const clearWithConflicts = specs.slice(dense.length).filter((s) => s.key.length > 0).length;
    log(
      `new operations in the theatre: ${formatNumber(meanBackground)} background conflicts each on average, ${formatNumber(meanKey)} with the other new ones counted; ${withConflicts} of ${dense.length} conflict with something`,
    );
    log(
      `clear-sky operations beside the theatre: ${specs.length - dense.length}, of which ${clearWithConflicts} conflict with something`,
    );

    // The clients: one party each, with its own key.
    const clients = Array.from({ length: sizes.parties }, (_, i) => {
      const { privateKey } = generateKeyPairSync('ed25519');
      return {
        party: clientParty(i),
        publicKey: new OperatorSigner(privateKey).publicKey,
        pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      };
    });

    // The hub: filled, reopened, checked, then serving.
    const hub = new Child<HubRequest, HubMessage>(
      new URL('./lib/admission-hub.ts', import.meta.url).pathname,
      [`--max-old-space-size=${sizes.hubHeapMiB}`],
      (message) => {
        if (message.type === 'log') log(message.text);
      },
    );
    children.push(hub);
    log(
      `filling the hub: ${sizes.background.toLocaleString('en-US')} declaration.submit commands through hub.submit (made and signed on a worker thread a chunk ahead), 1024 outstanding…`,
    );
    hub.send({
      type: 'start',
      background: sizes.background,
      t0,
      clients: clients.map(({ party, publicKey }) => ({ party, publicKey })),
    });
    const { population, rebuild } = (await hub.next('populated')) as {
      population: PopulationReport;
      rebuild: RebuildReport;
    };
    log(
      `population: ${population.operations.toLocaleString('en-US')} operations (${population.entries.toLocaleString('en-US')} entries) in ${population.seconds.toFixed(0)} s (${formatNumber(population.operations / population.seconds)}/s; ${population.submitSeconds.toFixed(0)} s in hub.submit), store ${(population.storeBytes / 2 ** 20).toFixed(0)} MiB, heap ${population.heapMiB.toFixed(0)} MiB; hub ${formatNumber(population.coresBusy)} cores busy, machine ${formatNumber(population.machineCoresBusy ?? Number.NaN)} (others included)`,
    );
    log(
      `rebuild: replay ${rebuild.replaySeconds.toFixed(1)} s + buildIndex ${rebuild.buildIndexSeconds.toFixed(1)} s; Hub.open (all of it, as deconflict serve) ${rebuild.openSeconds.toFixed(1)} s, ${rebuild.liveVolumes.toLocaleString('en-US')} live volumes, heap ${rebuild.heapOpenMiB.toFixed(0)} MiB; one state digest (every minute under serve) ${rebuild.digestSeconds.toFixed(2)} s; machine ${formatNumber(rebuild.machineCoresBusy ?? Number.NaN)} cores busy meanwhile (the rebuild takes one)`,
    );

    // The check alone, on the live hub, against PostGIS's in-server time for the same operations.
    let offset = 0;
    const slices = sizes.phases.map((phase) => {
      const slice = specs.slice(offset, offset + phase.count);
      offset += phase.count;
      return slice;
    });
    const sample = specs.slice(0, sizes.checkSample);
    await quiet('the check');
    hub.send({ type: 'check', specs: sample, pems: clients.map((c) => c.pem) });
    const { check } = (await hub.next('checked')) as { check: CheckReport };
    log(
      `check on the live hub (conflictsOf, ${check.operations} operations): p50 ${formatNumber(check.latencyMs.p50)} ms, p99 ${formatNumber(check.latencyMs.p99)} ms; ${formatNumber(check.meanConflicts)} conflicts each; ${check.differingFromKey} differ from the independent key`,
    );
    log(
      '  cost per declaration.submit of the steps that can be timed alone on the live hub (µs, one thread):',
    );
    for (const [name, micros] of Object.entries(check.stageCostsUs))
      log(`    ${name.padEnd(66)} ${formatNumber(micros)}`);

    // In-process admissions: hub.submit with signed commands, no HTTP.
    const results: HttpPhaseResult[] = [];
    let inProcess: (InProcessReport & { waitedSeconds: number; othersCores: number | null }) | null = null;
    let load: Child<LoadRequest, LoadMessage> | null = null;
    for (const [p, phase] of sizes.phases.entries()) {
      const slice = slices[p] as AdmissionSpec[];
      if (phase.path === 'in-process') {
        const waited = await quiet(phase.name);
        const machineBefore = cpuTimes();
        hub.send({
          type: 'in-process',
          specs: slice,
          pems: clients.map((c) => c.pem),
          window: phase.concurrency,
        });
        const report = ((await hub.next('in-process-done')) as { report: InProcessReport }).report;
        const machine = machineCoresBusy(machineBefore);
        inProcess = {
          ...report,
          waitedSeconds: waited.waitedSeconds,
          othersCores: machine === null ? null : Math.max(0, machine - report.stats.coresBusy),
        };
        log(
          `  ${phase.name}: ${formatNumber(inProcess.perSecond)}/s, p50 ${formatNumber(inProcess.latencyMs.p50)} ms, p99 ${formatNumber(inProcess.latencyMs.p99)} ms, ${inProcess.refused} refused, mean batch ${formatNumber(inProcess.stats.meanBatch)}, hub ${formatNumber(inProcess.stats.coresBusy)} cores busy, main thread ${Math.round(inProcess.stats.mainThreadBusy * 100)}% busy; others on the machine ${formatNumber(inProcess.othersCores ?? Number.NaN)} cores`,
        );
        continue;
      }
      if (!load) {
        hub.send({ type: 'serve' });
        const { url } = (await hub.next('serving')) as { url: string };
        load = new Child<LoadRequest, LoadMessage>(
          new URL('./lib/admission-load.ts', import.meta.url).pathname,
          [],
        );
        children.push(load);
        load.send({ type: 'start', url, origin: BENCH_ORIGIN, pems: clients.map((c) => c.pem) });
        log(
          `over HTTP: Fastify (buildServer) on ${url}, clients in a child process sharing the ${info.cores} cores`,
        );
      }
      const waited = await quiet(phase.name);
      load.send({
        type: 'phase',
        name: phase.name,
        mode: phase.mode,
        concurrency: phase.concurrency,
        specs: slice,
      });
      await load.next('ready');
      hub.send({ type: 'mark' });
      await hub.next('marked');
      const profilePath = join(profileDir, `hub-${p}.cpuprofile`);
      if (phase.profiled) {
        hub.send({ type: 'profile-start', intervalUs: 200 });
        await hub.next('profile-started');
      }
      const machineBefore = cpuTimes();
      load.send({ type: 'go' });
      const { report } = (await load.next('done')) as { report: LoadReport };
      const machine = machineCoresBusy(machineBefore);
      if (phase.profiled) {
        hub.send({ type: 'profile-stop', path: profilePath });
        await hub.next('profile-stopped');
      }
      hub.send({ type: 'mark' });
      const { stats } = (await hub.next('marked')) as { stats: PhaseStats };
      const result: HttpPhaseResult = {
        ...report,
        hub: stats,
        waitedSeconds: waited.waitedSeconds,
        othersCores: machine === null ? null : Math.max(0, machine - stats.coresBusy - report.coresBusy),
      };
      if (phase.profiled) {
        const profile = breakdown(JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile);
        const perAdmissionUs = Object.fromEntries(
          profile.stages.map((s) => [s.stage, Math.round((s.ms * 1000) / Math.max(1, report.admitted))]),
        );
        result.profile = { ...profile, path: profilePath, perAdmissionUs };
      }
      results.push(result);
      log(
        `  ${phase.name}: ${formatNumber(report.perSecond)}/s, p50 ${formatNumber(report.latencyMs.p50)} ms, p99 ${formatNumber(report.latencyMs.p99)} ms, ${report.admitted}/${report.operations} admitted in ${report.requests} requests (${report.answered409} answered 409, listing ${formatNumber(report.meanConflictsIn409)} conflicts each), key ${formatNumber(report.meanKeySize)} names, mean batch ${formatNumber(stats.meanBatch)}, hub ${formatNumber(stats.coresBusy)} cores busy, main thread ${Math.round(stats.mainThreadBusy * 100)}% busy, clients ${formatNumber(report.coresBusy)} cores; others on the machine ${formatNumber(result.othersCores ?? Number.NaN)} cores`,
      );
      for (const failure of report.failures.slice(0, 3)) log(`    refused: ${JSON.stringify(failure)}`);
    }
    hub.send({ type: 'conflicts' });
    const { pairs: recorded } = (await hub.next('conflicts')) as { pairs: [string, string][] };
    hub.send({ type: 'stop' });
    await hub.next('stopped').catch(() => {});
    load?.kill();

    const profiled = results.find((r) => r.profile)?.profile;
    if (profiled) {
      log(
        `hub main thread, CPU profile of the profiled phase (${(profiled.profiledMs / 1000).toFixed(1)} s, V8 sampling profiler via node:inspector, as node --cpu-prof):`,
      );
      log(
        table(
          ['stage', 'ms', 'share', 'µs per admission'],
          profiled.stages.map((s) => [
            s.stage,
            formatNumber(s.ms),
            `${(s.share * 100).toFixed(1)}%`,
            String(profiled.perAdmissionUs[s.stage] ?? ''),
          ]),
        ),
      );
      log('functions with the most self time (stage they count under):');
      for (const f of profiled.topSelf.slice(0, 15))
        log(`  ${formatNumber(f.ms).padStart(7)} ms  ${f.function}  (${f.stage})`);
      log(
        `largest unclaimed: ${profiled.unclaimed
          .slice(0, 8)
          .map((u) => `${u.function} ${formatNumber(u.ms)} ms`)
          .join('; ')}`,
      );
    }

    // PostGIS: the same check, then the same admissions, as serializable transactions.
    let postgis: Record<string, unknown> | null = null;
    const answers: Record<string, Set<string>> = {};
    answers.hub = new Set(recorded.filter(([found]) => operations.has(found)).map(([a, b]) => pairKey(a, b)));
    if (pgc) {
      await quiet('the PostGIS check');
      const pgCheck = await postgisCheck(pgc, sample);
      log(
        `PostGIS check (same operations): in-server p50 ${formatNumber(pgCheck.inServerMs.p50)} ms, p99 ${formatNumber(pgCheck.inServerMs.p99)} ms; round trip p50 ${formatNumber(pgCheck.roundTripMs.p50)} ms; ${pgCheck.differingFromKey} differ from the key${pgCheck.usesIndex ? '' : '; warning: the plan does not use the GiST index'}`,
      );
      const runs = [];
      for (const run of sizes.postgisRuns) {
        const specsOf = run.phases.flatMap((p) => slices[p] ?? []);
        const waited = await quiet(`PostGIS admissions (${run.mode}, ${run.connections} connections)`);
        const machineBefore = cpuTimes();
        const r = {
          ...(await postgisAdmissions(pgc, specsOf, run)),
          waitedSeconds: waited.waitedSeconds,
          machineCoresBusy: machineCoresBusy(machineBefore),
        };
        runs.push(r);
        log(
          `  PostGIS admissions, ${r.mode}, ${r.connections} connections: ${formatNumber(r.perSecond)}/s, p50 ${formatNumber(r.latencyMs.p50)} ms, p99 ${formatNumber(r.latencyMs.p99)} ms, ${r.admitted}/${r.operations} admitted, ${r.refused} refused, ${r.serializationRetries} serialization retries; check round trip p50 ${formatNumber(r.checkRoundTripMs.p50)} ms; machine ${formatNumber(r.machineCoresBusy ?? Number.NaN)} cores busy (PostgreSQL, this process and others)`,
        );
      }
      const pgPairs = new Set<string>();
      for (const r of runs)
        for (const [id, found] of r.found) for (const other of found) pgPairs.add(pairKey(id, other));
      answers.postgis = pgPairs;
      postgis = {
        settings: pgc.settings,
        insertSeconds: world.postgisInsertMs / 1000,
        createIndexSeconds: world.postgisIndexMs / 1000,
        check: pgCheck,
        admissions: runs.map(({ found: _found, ...rest }) => rest),
        conflicts: CONFLICTS.trim(),
        insert: INSERT,
      };
    }
    const expected = new Set<string>();
    for (const spec of specs) for (const other of spec.key) expected.add(pairKey(spec.operation.id, other));
    const comparison = compareAnswers(expected, answers, t0, sizes.background, operations);
    for (const [name, c] of Object.entries(comparison)) {
      log(
        `answers, ${name} vs the independent key: ${c.pairs} conflicting pairs vs ${c.expected}; ${c.missing} missing, ${c.extra} extra, ${c.beyondTolerance} beyond ${TOLERANCE_M} m of the threshold`,
      );
      for (const d of c.differing.slice(0, 5)) log(`    ${JSON.stringify(d)}`);
    }

    // The summary.
    const summary: SummaryRow[] = [];
    const row = (metric: string, value: number, unit: string, against?: string) =>
      summary.push({ benchmark: 'admissions', metric, value, unit, ...(against ? { against } : {}) });
    const pgAdmissions = (postgis?.admissions ?? []) as {
      mode: PostgisMode;
      connections: number;
      perSecond: number;
      latencyMs: Latency;
    }[];
    /** The clear-sky phase is compared with PostGIS admitting the same clear-sky operations. */
    const clearSkyPhase = sizes.phases.findIndex((phase) => phase.clearSky);
    const clearSkyRun = sizes.postgisRuns.findIndex((run) => run.phases.includes(clearSkyPhase));
    const pgClearSky = pgAdmissions[clearSkyRun];
    const pgBest = pgAdmissions
      .filter((_, i) => i !== clearSkyRun)
      .reduce<(typeof pgAdmissions)[number] | null>(
        (a, b) => (a === null || b.perSecond > a.perSecond ? b : a),
        null,
      );
    const pgLine = pgBest
      ? `PostGIS best ${formatNumber(pgBest.perSecond)}/s (${pgBest.mode}, ${pgBest.connections} connections)`
      : 'PostGIS not run';
    const peerLine = (name: string) =>
      sizes.phases[clearSkyPhase]?.name !== name
        ? pgLine
        : pgClearSky
          ? `PostGIS on the same operations ${formatNumber(pgClearSky.perSecond)}/s (${pgClearSky.mode}, ${pgClearSky.connections} connections)`
          : 'PostGIS not run';
    row(
      'live volumes',
      rebuild.liveVolumes,
      'volumes',
      `${population.entries.toLocaleString('en-US')} entries`,
    );
    row(
      'population through hub.submit',
      population.seconds,
      's',
      `${formatNumber(population.operations / population.seconds)} operations/s`,
    );
    row(
      'rebuild: Hub.open',
      rebuild.openSeconds,
      's',
      `PostGIS CREATE INDEX ${postgis ? formatNumber(world.postgisIndexMs / 1000) : '–'} s`,
    );
    row('rebuild: replay', rebuild.replaySeconds, 's', 'measured apart from Hub.open');
    row(
      'rebuild: buildIndex',
      rebuild.buildIndexSeconds,
      's',
      'measured apart from Hub.open; PostGIS needs no rebuild on restart (its index is on disk)',
    );
    const pgCheck = postgis?.check as { inServerMs: Latency } | undefined;
    row(
      'check p50 on the live hub',
      check.latencyMs.p50,
      'ms',
      pgCheck
        ? `PostGIS in-server ${formatNumber(pgCheck.inServerMs.p50)} ms; aim ${AIM_SPEEDUP}× faster`
        : undefined,
    );
    row(
      'check p50, the index alone',
      world.independentCheckMs.p50,
      'ms',
      `the same search without the hub's declarations and pair rules; p99 ${formatNumber(world.independentCheckMs.p99)} ms`,
    );
    row(
      'check p99 on the live hub',
      check.latencyMs.p99,
      'ms',
      pgCheck ? `PostGIS in-server ${formatNumber(pgCheck.inServerMs.p99)} ms` : undefined,
    );
    if (inProcess)
      row(
        'admissions in-process',
        inProcess.perSecond,
        'adm/s',
        `p50 ${formatNumber(inProcess.latencyMs.p50)} ms, p99 ${formatNumber(inProcess.latencyMs.p99)} ms`,
      );
    for (const r of results.filter((x) => !x.profile)) {
      row(
        r.name,
        r.perSecond,
        'adm/s',
        `aim ≥ ${r.name === sizes.phases[clearSkyPhase]?.name ? AIM_CLEAR_SKY_PER_SECOND.toLocaleString('en-US') : AIM_PER_SECOND.toLocaleString('en-US')}/s; ${peerLine(r.name)}; p50 ${formatNumber(r.latencyMs.p50)} ms, p99 ${formatNumber(r.latencyMs.p99)} ms`,
      );
    }
    for (const r of pgAdmissions) {
      row(
        `PostGIS admissions, ${r.mode}, ${r.connections} connections`,
        r.perSecond,
        'adm/s',
        `p50 ${formatNumber(r.latencyMs.p50)} ms, p99 ${formatNumber(r.latencyMs.p99)} ms`,
      );
    }
    row(
      'conflicts per new operation',
      meanKey,
      'declarations',
      `${formatNumber(meanBackground)} of them background`,
    );
    for (const [name, c] of Object.entries(comparison)) {
      row(
        `answers: ${name} pairs vs key`,
        c.pairs,
        'pairs',
        `key ${c.expected}; ${c.missing} missing, ${c.extra} extra, ${c.beyondTolerance} beyond ${TOLERANCE_M} m`,
      );
    }
    log('');
    log(summaryTable(summary));
    log(
      `context: ${DSS_PUBLISHED}; aims here over HTTP: ≥ ${AIM_PER_SECOND.toLocaleString('en-US')} admissions/s in the dense theatre, ≥ ${AIM_CLEAR_SKY_PER_SECOND.toLocaleString('en-US')}/s with no conflicts`,
    );

    const result: BenchResult = {
      name: 'admissions',
      quick: options.quick,
      machine: info,
      summary,
      store: `SqliteStore, WAL, synchronous=FULL, ${tempFileSystem()}`,
      sizes,
      theatre: { lat: LAT, lon: LON, start: iso(t0), days: 7 },
      minima: { pairs: SEP, hubSearchWidenedBy: MAX_SEPARATION },
      workload: {
        newOperations: specs.length,
        meanKeySize: meanKey,
        meanBackgroundConflicts: meanBackground,
        operationsWithConflicts: withConflicts,
        clearSkyOperations: specs.length - dense.length,
        clearSkyWithConflicts: clearWithConflicts,
        independentIndexLoadSeconds: world.independentLoadMs / 1000,
        independentCheckMs: world.independentCheckMs,
      },
      population,
      rebuild,
      check,
      inProcess,
      http: results.map(({ profile, ...rest }) => ({
        ...rest,
        ...(profile ? { profile: { ...profile, path: undefined } } : {}),
      })),
      postgis,
      answers: comparison,
      published: DSS_PUBLISHED,
      aimPerSecond: AIM_PER_SECOND,
      aimClearSkyPerSecond: AIM_CLEAR_SKY_PER_SECOND,
      seconds: (performance.now() - started) / 1000,
    };
    log(`saved ${saveResult(result)} (${elapsedSince(started)})`);
    return result;
  } finally {
    for (const child of children) child.kill();
    await pgc?.stop();
  }
}
