// A legitimate operator's latency while another party (or anyone on the network) attacks the hub:
// its front door, its hotline or its disk. The hub runs as `deconflict serve` in a child process
// with its default limits; the attacker runs in another (bench/lib/attacker.ts), from an address of
// its own; the operator, here, on 127.0.0.1, sends a signed hotline message and reads it back, one
// after the other, as a duty officer's client would, with its stream open, on line for its party's
// roster. Meanwhile a third party sends that roster a real urgent request every few seconds, which
// the officer acknowledges (bench/lib/urgent-probe.ts). Quiet phases and attack phases alternate,
// each attack in every repeat, so that a slow moment of the shared machine falls on both; every
// phase is bounded in time and the attacker in concurrency, all on loopback. Printed: p50/p99 of the
// send and of the read under each attack beside the quiet phases, how soon the third party's
// request reached the officer and among how many others, the database's growth on disk, and what the
// limits refused.
import { type AccessLimits, DEFAULT_ACCESS_LIMITS } from '../src/api/access-limits.js';
import type { OperatorSigner } from '../src/client/operator-signer.js';
import { HUB_SEND_LIMITS } from '../src/hotline/send-limits.js';
import { DEFAULT_TRACK_QUOTAS, TRACK_QUOTA_VARIABLES, type TrackQuotas } from '../src/hub/track-quotas.js';
import { accept, login } from '../test/support/api.js';
import { ServeProcess } from '../test/support/cli.js';
import {
  ATTACKER_ADDRESS,
  ATTACKS,
  type Attack,
  type AttackerMessage,
  type AttackerRequest,
} from './lib/attacker.js';
import { Child } from './lib/child-process.js';
import { databaseBytes } from './lib/database-bytes.js';
import {
  BENCH_ORIGIN,
  type BenchAdmin,
  benchAdmin,
  foundBenchHub,
  tempFileSystem,
} from './lib/hub-fixture.js';
import { cpuTimes, machineCoresBusy } from './lib/machine-load.js';
import { processCpuSeconds } from './lib/process-cpu.js';
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
import { type ProbeOutcome, UrgentProbe } from './lib/urgent-probe.js';

export interface AttacksOptions {
  quick: boolean;
}

interface Sizes {
  /** Each phase, quiet or attack: longer than the headers timeout, so slowloris is seen cut off. */
  phaseSeconds: number;
  repeats: number;
}

const FULL: Sizes = { phaseSeconds: 15, repeats: 3 };
const QUICK: Sizes = { phaseSeconds: 12, repeats: 1 };
/**
 * The operator's pause between one send-and-read and the next: a busy officer, not a load generator,
 * and within the hub's default rate of signed commands per operator (600 a minute) with its
 * acknowledgments of the third party's calls.
 */
const THINK_MS = 150;
/** The third party's pause between one urgent request to the roster and the next. */
const PROBE_EVERY_MS = 3_000;
/** The legitimate party's roster, which the roster flood aims at and the third party calls. */
const ROSTER = { party: 'alpha', duty: 'air-deconfliction' };
/** The attacking party, and its api feed, which it fills with new track ids. */
const ATTACKER = { party: 'bravo', feed: 'fill' };
/**
 * Kept positions are written and committed every second rather than every 30 s, so that what a
 * phase puts on disk lands within the phase.
 */
const ARCHIVE_EVERY_S = 1;

type Phase = 'quiet' | Attack;

interface PhaseSamples {
  sendMs: number[];
  readMs: number[];
  failed: number;
  probes: ProbeOutcome[];
  hubCpuSeconds: number;
  wallSeconds: number;
  machineCores: number[];
  grownBytes: number;
}

/** How the third party's urgent requests fared in a phase. */
interface ProbeReport {
  sent: number;
  /** Milliseconds from sending until the officer on duty was asked, of those that reached it. */
  reach: Latency;
  /** Not asked within the probe's timeout, or asked of someone other than the officer on duty. */
  notReached: number;
  notListed: number;
  /** The most other urgent requests waiting in the officer's party's list beside one. */
  mostWaitingBeside: number;
  failed: number;
}

interface PhaseReport {
  phase: Phase;
  send: Latency;
  read: Latency;
  /** Sends or reads that were refused or failed (none expected). */
  failed: number;
  probes: ProbeReport;
  hubCores: number;
  machineCores: number;
  /** The growth of the hub's database (its WAL folded in) over the phase's repeats, and a minute of it. */
  storedBytes: number;
  storedBytesPerMinute: number;
  /** The phase's length, summed over repeats. */
  seconds: number;
  /** What the attacker's attempts got, summed over repeats. */
  answers: Record<string, number>;
  attempts: number;
}

async function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

interface World {
  duty: BenchAdmin;
  /** The third party's officer, who calls the legitimate party's roster. */
  caller: OperatorSigner;
  attacker: BenchAdmin;
}

/**
 * The legitimate party alpha with its duty officer, on its roster alone; the hostile party bravo,
 * whose administrator's key (with its PEM, for the attacker's process) is the attacker's, with an
 * api feed of its own; and the third party charlie with an officer who calls alpha's roster.
 * alpha and bravo agree to notifications at the officer client's pace, and alpha and charlie to the
 * third party's urgent requests at its pace; bravo's urgent requests to alpha stay within the hub's
 * default limit.
 */
async function setUp(url: string, admin: OperatorSigner): Promise<World> {
  const admins = { alpha: benchAdmin(), bravo: benchAdmin(), charlie: benchAdmin() };
  const duty = benchAdmin();
  const caller = benchAdmin();
  const as = (signer: OperatorSigner, type: string, fields: Record<string, unknown>) =>
    accept(url, BENCH_ORIGIN, signer, type, fields);
  for (const [party, first] of Object.entries(admins)) {
    await as(admin, 'party.create', {
      party: { id: party, name: `Party ${party}` },
      administrator: {
        id: `${party}.admin`,
        name: `${party} administrator`,
        public_key: first.signer.publicKey,
      },
    });
  }
  for (const [party, officer] of [
    ['alpha', duty],
    ['charlie', caller],
  ] as const) {
    await as(admins[party].signer, 'operator.add', {
      operator: { id: `${party}.duty`, name: `${party} duty officer`, public_key: officer.signer.publicKey },
      role: 'duty-officer',
    });
  }
  await as(admins.alpha.signer, 'roster.set', {
    roster: { duty: ROSTER.duty, members: [{ operator: 'alpha.duty', shifts: [] }], chief: 'alpha.admin' },
  });
  await as(admins.bravo.signer, 'feed.set', { feed: { name: ATTACKER.feed, kind: 'api' } });
  for (const [other, kind, count] of [
    ['bravo', 'notification', 10_000],
    ['charlie', 'urgent-request', 60],
  ] as const) {
    const id = `alpha/hotline-${other}`;
    await as(admins.alpha.signer, 'agreement.propose', {
      agreement: {
        id,
        title: `Hotline with ${other}`,
        parties: ['alpha', other],
        terms: 'Messages at the pace of the parties’ duty officers.',
        send_limits: { [kind]: { count, window_s: 60 } },
      },
    });
    await as(admins[other].signer, 'agreement.sign', { agreement: id });
  }
  return { duty, caller: caller.signer, attacker: admins.bravo };
}

/** The operator's loop for one phase: send a message, read it back, pause, until the phase ends. */
async function operate(
  url: string,
  duty: OperatorSigner,
  token: string,
  seconds: number,
  next: () => number,
  into: PhaseSamples,
): Promise<void> {
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const id = `alpha/m-${next()}`;
    const message = { id, kind: 'notification', recipients: [{ party: 'bravo' }], text: 'Convoy moving.' };
    let began = performance.now();
    const sent = await post(url, '/v1/commands', duty.command(BENCH_ORIGIN, 'message.send', { message }));
    await sent.arrayBuffer();
    if (sent.status !== 201) into.failed++;
    else into.sendMs.push(performance.now() - began);
    began = performance.now();
    const read = await fetch(`${url}/v1/messages/${id}`, { headers: { authorization: `Bearer ${token}` } });
    await read.arrayBuffer();
    if (read.status !== 200) into.failed++;
    else into.readMs.push(performance.now() - began);
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
  }
}

/** The third party's calls to the roster for one phase: one every PROBE_EVERY_MS, while the phase lasts. */
async function call(
  probe: UrgentProbe,
  seconds: number,
  next: () => number,
  into: PhaseSamples,
): Promise<void> {
  const until = performance.now() + seconds * 1000;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    if (performance.now() >= until) return;
    into.probes.push(await probe.send(`charlie/urgent-${next()}`));
  }
}

function probeReport(probes: ProbeOutcome[]): ProbeReport {
  const reached = probes.filter((p) => p.reachMs !== null && p.askedOfficer);
  return {
    sent: probes.length,
    reach: rounded(latency(reached.map((p) => p.reachMs as number))),
    notReached: probes.length - reached.length,
    notListed: reached.filter((p) => !p.listed).length,
    mostWaitingBeside: Math.max(0, ...probes.map((p) => p.waitingBeside)),
    failed: probes.filter((p) => p.failed).length,
  };
}

function describeLimits(limits: AccessLimits): string {
  return [
    `${limits.failedLoginsPerAddressPerMinute} failed sign-ins/min per address`,
    `${limits.loginsPerKeyPerMinute} sign-ins/min per key`,
    `${limits.socketsPerSession} sockets per session`,
    `sign in within ${limits.signInWithinMs / 1000} s`,
    `${limits.pendingSocketsPerAddress} waiting sockets per address (${limits.pendingSockets} in all)`,
    `headers within ${limits.headersTimeoutMs / 1000} s`,
    `request within ${limits.requestTimeoutMs / 1000} s`,
  ].join(', ');
}

function describeQuotas(quotas: TrackQuotas): string {
  const urgent = HUB_SEND_LIMITS['urgent-request'];
  return [
    `${urgent.count} urgent requests per ${urgent.windowS} s from one party to one roster`,
    `${quotas.liveTracks.toLocaleString('en-US')} live tracks per party`,
    `${quotas.reportsPerSecond.toLocaleString('en-US')} reports/s per party (${quotas.reportsBurst.toLocaleString('en-US')} at once)`,
  ].join(', ');
}

const ms = (l: Latency) => `${formatNumber(l.p50)} / ${formatNumber(l.p99)}`;

export async function run(options: AttacksOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const started = performance.now();
  const info = await machine();
  log(
    `# attacks: a legitimate operator's latency while the hub's front door, hotline and disk are attacked (${options.quick ? 'quick' : 'full'})`,
  );
  log(machineLine(info));
  log(`store: SqliteStore (WAL, synchronous=FULL) on ${tempFileSystem()}`);
  log(`limits (the hub's defaults): ${describeLimits(DEFAULT_ACCESS_LIMITS)}`);
  log(
    `quotas (the hub's defaults): ${describeQuotas(DEFAULT_TRACK_QUOTAS)}; kept positions written every ${ARCHIVE_EVERY_S} s (default ${DEFAULT_TRACK_QUOTAS.archiveEveryS} s)`,
  );
  const admin = benchAdmin();
  const founded = await foundBenchHub(admin);
  const hub = await ServeProcess.start(founded.dir.path, [], {
    [TRACK_QUOTA_VARIABLES.archiveEveryS]: String(ARCHIVE_EVERY_S),
  });
  const attacker = new Child<AttackerRequest, AttackerMessage>(
    new URL('./lib/attacker.ts', import.meta.url).pathname,
    [],
  );
  let probe: UrgentProbe | null = null;
  try {
    const { duty, caller, attacker: hostile } = await setUp(hub.url, admin.signer);
    const token = await login(hub.url, BENCH_ORIGIN, duty.signer);
    probe = new UrgentProbe(
      hub.url,
      BENCH_ORIGIN,
      { operator: 'alpha.duty', party: ROSTER.party, pem: duty.pem },
      token,
      ROSTER,
      caller,
    );
    await probe.open();
    log(
      `hub on ${hub.url} (child process); attacker in another child process, from ${ATTACKER_ADDRESS}; the operator alpha.duty here: message.send then GET /v1/messages/<id>, ${THINK_MS} ms apart, its stream open; charlie.duty here: an urgent request to ${ROSTER.party}/${ROSTER.duty} every ${PROBE_EVERY_MS / 1000} s, acknowledged by alpha.duty; ${sizes.repeats} repeat(s) of quiet and attack phases of ${sizes.phaseSeconds} s`,
    );

    const samples = new Map<Phase, PhaseSamples>();
    const answers = new Map<Attack, Map<string, number>>();
    const attempts = new Map<Attack, number>();
    let sequence = 0;
    const next = () => sequence++;
    /** The attacker starts (unless quiet), the operator and the third party work, the attacker stops. */
    const phase = async (name: Phase) => {
      const into = samples.get(name) ?? {
        sendMs: [],
        readMs: [],
        failed: 0,
        probes: [],
        hubCpuSeconds: 0,
        wallSeconds: 0,
        machineCores: [],
        grownBytes: 0,
      };
      samples.set(name, into);
      const bytesBefore = databaseBytes(founded.dir.dbPath);
      const cpuBefore = processCpuSeconds(hub.pid);
      const machineBefore = cpuTimes();
      const began = performance.now();
      if (name !== 'quiet') {
        attacker.send({
          type: 'start',
          spec: {
            attack: name,
            url: hub.url,
            origin: BENCH_ORIGIN,
            pem: hostile.pem,
            victimKeyId: duty.signer.keyId,
            victimRoster: ROSTER,
            party: ATTACKER.party,
            feed: ATTACKER.feed,
          },
        });
        await attacker.next('started');
      }
      await Promise.all([
        operate(hub.url, duty.signer, token, sizes.phaseSeconds, next, into),
        call(probe as UrgentProbe, sizes.phaseSeconds, next, into),
      ]);
      if (name !== 'quiet') {
        attacker.send({ type: 'stop' });
        const stopped = await attacker.next('stopped');
        const summed = answers.get(name) ?? new Map<string, number>();
        for (const [what, n] of Object.entries(stopped.counts)) summed.set(what, (summed.get(what) ?? 0) + n);
        answers.set(name, summed);
        attempts.set(name, (attempts.get(name) ?? 0) + stopped.attempts);
      }
      into.wallSeconds += (performance.now() - began) / 1000;
      const cpuAfter = processCpuSeconds(hub.pid);
      if (cpuBefore !== null && cpuAfter !== null) into.hubCpuSeconds += cpuAfter - cpuBefore;
      const cores = machineCoresBusy(machineBefore);
      if (cores !== null) into.machineCores.push(cores);
      into.grownBytes += databaseBytes(founded.dir.dbPath) - bytesBefore;
    };
    for (let repeat = 0; repeat < sizes.repeats; repeat++) {
      for (const attack of ATTACKS) {
        await phase('quiet');
        await phase(attack);
        log(`  repeat ${repeat + 1}: quiet, then ${attack}`);
      }
    }

    const reports: PhaseReport[] = (['quiet', ...ATTACKS] as Phase[]).map((name) => {
      const s = samples.get(name) as PhaseSamples;
      const mean = s.machineCores.length
        ? s.machineCores.reduce((a, b) => a + b, 0) / s.machineCores.length
        : NaN;
      return {
        phase: name,
        send: rounded(latency(s.sendMs)),
        read: rounded(latency(s.readMs)),
        failed: s.failed,
        probes: probeReport(s.probes),
        hubCores: Math.round((s.hubCpuSeconds / s.wallSeconds) * 100) / 100,
        machineCores: Math.round(mean * 100) / 100,
        storedBytes: s.grownBytes,
        seconds: Math.round(s.wallSeconds * 10) / 10,
        storedBytesPerMinute: Math.round((s.grownBytes / s.wallSeconds) * 60),
        answers: name === 'quiet' ? {} : Object.fromEntries(answers.get(name) ?? []),
        attempts: name === 'quiet' ? 0 : (attempts.get(name) ?? 0),
      };
    });
    const quiet = reports[0] as PhaseReport;
    const reached = (r: PhaseReport) =>
      `${r.probes.sent - r.probes.notReached}/${r.probes.sent}, ${formatNumber(r.probes.reach.p50)} / ${formatNumber(r.probes.reach.max)}`;
    log('');
    log(
      table(
        [
          'phase',
          'send p50 / p99 ms',
          'read p50 / p99 ms',
          'samples',
          'failed',
          'urgent reached, p50 / max ms',
          'waiting beside',
          'stored MB/min',
          'hub cores',
          'machine cores',
        ],
        reports.map((r) => [
          r.phase,
          ms(r.send),
          ms(r.read),
          String(r.send.count),
          String(r.failed + r.probes.failed),
          reached(r),
          String(r.probes.mostWaitingBeside),
          formatNumber(r.storedBytesPerMinute / 1e6),
          formatNumber(r.hubCores),
          formatNumber(r.machineCores),
        ]),
      ),
    );
    log('');
    for (const r of reports.slice(1)) {
      const what = Object.entries(r.answers)
        .sort(([, a], [, b]) => b - a)
        .map(([answer, n]) => `${n.toLocaleString('en-US')} ${answer}`)
        .join('; ');
      log(`  ${r.phase}: ${r.attempts.toLocaleString('en-US')} attempts — ${what}`);
    }

    const summary: SummaryRow[] = [];
    for (const r of reports.slice(1)) {
      summary.push({
        benchmark: 'attacks',
        metric: `operator's message.send p99 under ${r.phase}`,
        value: r.send.p99,
        unit: 'ms',
        against: `quiet p99 ${formatNumber(quiet.send.p99)} ms; p50 ${formatNumber(r.send.p50)} vs ${formatNumber(quiet.send.p50)} ms; read p99 ${formatNumber(r.read.p99)} vs ${formatNumber(quiet.read.p99)} ms; hub ${formatNumber(r.hubCores)} vs ${formatNumber(quiet.hubCores)} cores; ${r.failed} failed`,
      });
    }
    for (const name of ['roster-flood', 'track-id-flood'] as const) {
      const r = reports.find((report) => report.phase === name) as PhaseReport;
      summary.push({
        benchmark: 'attacks',
        metric: `a third party's urgent request: time to reach the officer under ${name}, max`,
        value: r.probes.reach.max,
        unit: 'ms',
        against: `quiet max ${formatNumber(quiet.probes.reach.max)} ms; p50 ${formatNumber(r.probes.reach.p50)} vs ${formatNumber(quiet.probes.reach.p50)} ms; ${r.probes.sent - r.probes.notReached} of ${r.probes.sent} reached (quiet ${quiet.probes.sent - quiet.probes.notReached} of ${quiet.probes.sent}), ${r.probes.notListed} missing from the waiting list, at most ${r.probes.mostWaitingBeside} other urgent requests waiting beside one`,
      });
      summary.push({
        benchmark: 'attacks',
        metric: `database growth under ${name}`,
        value: r.storedBytesPerMinute,
        unit: 'bytes/min',
        against: `${r.storedBytes.toLocaleString('en-US')} bytes in ${formatNumber(r.seconds)} s; quiet ${formatNumber(quiet.storedBytesPerMinute)} bytes/min (the operator's own messages)`,
      });
    }
    log('');
    log(summaryTable(summary));
    log(
      'compared: the same operator, the same requests, on the same hub, in quiet phases interleaved with the attack phases; the attacker shares the machine (its CPU is the machine cores above, beside the hub and the operator)',
    );
    const result: BenchResult = {
      name: 'attacks',
      quick: options.quick,
      machine: info,
      summary,
      store: `SqliteStore, WAL, synchronous=FULL, ${tempFileSystem()}`,
      limits: DEFAULT_ACCESS_LIMITS,
      trackQuotas: { ...DEFAULT_TRACK_QUOTAS, archiveEveryS: ARCHIVE_EVERY_S },
      sendLimits: HUB_SEND_LIMITS,
      sizes,
      thinkMs: THINK_MS,
      probeEveryMs: PROBE_EVERY_MS,
      phases: reports,
      seconds: (performance.now() - started) / 1000,
    };
    log(`saved ${saveResult(result)} (${elapsedSince(started)})`);
    const failed = reports.reduce((sum, r) => sum + r.failed + r.probes.failed + r.probes.notReached, 0);
    if (failed > 0)
      throw new Error(`${failed} of the legitimate parties' requests failed, or did not reach the roster`);
    return result;
  } finally {
    await probe?.close();
    attacker.kill();
    await hub.stop();
    founded.remove();
  }
}
