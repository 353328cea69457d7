// A legitimate operator's latency while another party (or anyone on the network) attacks the hub's
// front door. The hub runs as `deconflict serve` in a child process with its default limits; the
// attacker runs in another (bench/lib/attacker.ts), from an address of its own; the operator, here,
// on 127.0.0.1, sends a signed hotline message and reads it back, one after the other, as a duty
// officer's client would. Quiet phases and attack phases alternate, each attack in every repeat, so
// that a slow moment of the shared machine falls on both; every phase is bounded in time and the
// attacker in concurrency, all on loopback. Printed: p50/p99 of the send and of the read under each
// attack beside the quiet phases, and what the limits refused.
import { type AccessLimits, DEFAULT_ACCESS_LIMITS } from '../src/api/access-limits.js';
import { OperatorSigner } from '../src/client/operator-signer.js';
import { ServeProcess } from '../test/support/cli.js';
import {
  ATTACKER_ADDRESS,
  ATTACKS,
  type Attack,
  type AttackerMessage,
  type AttackerRequest,
} from './lib/attacker.js';
import { Child } from './lib/child-process.js';
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
/** The operator's pause between one send-and-read and the next: a busy officer, not a load generator. */
const THINK_MS = 50;

type Phase = 'quiet' | Attack;

interface PhaseSamples {
  sendMs: number[];
  readMs: number[];
  failed: number;
  hubCpuSeconds: number;
  wallSeconds: number;
  machineCores: number[];
}

interface PhaseReport {
  phase: Phase;
  send: Latency;
  read: Latency;
  /** Sends or reads that were refused or failed (none expected). */
  failed: number;
  hubCores: number;
  machineCores: number;
  /** What the attacker's attempts got, summed over repeats. */
  answers: Record<string, number>;
  attempts: number;
}

async function post(url: string, path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

async function accepted(url: string, body: unknown): Promise<void> {
  const response = await post(url, '/v1/commands', body);
  if (response.status !== 201) throw new Error(`set-up refused: ${response.status} ${await response.text()}`);
}

/**
 * The legitimate party alpha with its duty officer, and the hostile party bravo, whose administrator's
 * key (with its PEM, for the attacker's process) is the attacker's.
 */
async function setUp(
  url: string,
  admin: OperatorSigner,
): Promise<{ duty: OperatorSigner; attacker: BenchAdmin }> {
  const alphaAdmin = OperatorSigner.generate();
  const duty = OperatorSigner.generate();
  const attacker = benchAdmin();
  for (const [party, first] of [
    ['alpha', alphaAdmin],
    ['bravo', attacker.signer],
  ] as const) {
    await accepted(
      url,
      admin.command(BENCH_ORIGIN, 'party.create', {
        party: { id: party, name: `Party ${party}` },
        administrator: { id: `${party}.admin`, name: `${party} administrator`, public_key: first.publicKey },
      }),
    );
  }
  await accepted(
    url,
    alphaAdmin.command(BENCH_ORIGIN, 'operator.add', {
      operator: { id: 'alpha.duty', name: 'Alpha duty officer', public_key: duty.publicKey },
      role: 'duty-officer',
    }),
  );
  return { duty, attacker };
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

const ms = (l: Latency) => `${formatNumber(l.p50)} / ${formatNumber(l.p99)}`;

export async function run(options: AttacksOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const started = performance.now();
  const info = await machine();
  log(
    `# attacks: a legitimate operator's latency while the hub's front door is attacked (${options.quick ? 'quick' : 'full'})`,
  );
  log(machineLine(info));
  log(`store: SqliteStore (WAL, synchronous=FULL) on ${tempFileSystem()}`);
  log(`limits (the hub's defaults): ${describeLimits(DEFAULT_ACCESS_LIMITS)}`);
  const admin = benchAdmin();
  const founded = await foundBenchHub(admin);
  const hub = await ServeProcess.start(founded.dir.path);
  const attacker = new Child<AttackerRequest, AttackerMessage>(
    new URL('./lib/attacker.ts', import.meta.url).pathname,
    [],
  );
  try {
    const { duty, attacker: hostile } = await setUp(hub.url, admin.signer);
    const hostilePem = hostile.pem;
    const session = await post(hub.url, '/v1/sessions', duty.command(BENCH_ORIGIN, 'login'));
    const { token } = (await session.json()) as { token: string };
    log(
      `hub on ${hub.url} (child process); attacker in another child process, from ${ATTACKER_ADDRESS}; the operator alpha.duty here: message.send then GET /v1/messages/<id>, ${THINK_MS} ms apart; ${sizes.repeats} repeat(s) of quiet and attack phases of ${sizes.phaseSeconds} s`,
    );

    const samples = new Map<Phase, PhaseSamples>();
    const answers = new Map<Attack, Map<string, number>>();
    const attempts = new Map<Attack, number>();
    let sequence = 0;
    const next = () => sequence++;
    const phase = async (name: Phase, during: () => Promise<void>) => {
      const into = samples.get(name) ?? {
        sendMs: [],
        readMs: [],
        failed: 0,
        hubCpuSeconds: 0,
        wallSeconds: 0,
        machineCores: [],
      };
      samples.set(name, into);
      const cpuBefore = processCpuSeconds(hub.pid);
      const machineBefore = cpuTimes();
      const began = performance.now();
      await during();
      into.wallSeconds += (performance.now() - began) / 1000;
      const cpuAfter = processCpuSeconds(hub.pid);
      if (cpuBefore !== null && cpuAfter !== null) into.hubCpuSeconds += cpuAfter - cpuBefore;
      const cores = machineCoresBusy(machineBefore);
      if (cores !== null) into.machineCores.push(cores);
    };
    for (let repeat = 0; repeat < sizes.repeats; repeat++) {
      for (const attack of ATTACKS) {
        await phase('quiet', () =>
          operate(hub.url, duty, token, sizes.phaseSeconds, next, samples.get('quiet') as PhaseSamples),
        );
        await phase(attack, async () => {
          attacker.send({
            type: 'start',
            spec: { attack, url: hub.url, origin: BENCH_ORIGIN, pem: hostilePem, victimKeyId: duty.keyId },
          });
          await attacker.next('started');
          await operate(hub.url, duty, token, sizes.phaseSeconds, next, samples.get(attack) as PhaseSamples);
          attacker.send({ type: 'stop' });
          const stopped = await attacker.next('stopped');
          const summed = answers.get(attack) ?? new Map<string, number>();
          for (const [what, n] of Object.entries(stopped.counts))
            summed.set(what, (summed.get(what) ?? 0) + n);
          answers.set(attack, summed);
          attempts.set(attack, (attempts.get(attack) ?? 0) + stopped.attempts);
        });
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
        hubCores: Math.round((s.hubCpuSeconds / s.wallSeconds) * 100) / 100,
        machineCores: Math.round(mean * 100) / 100,
        answers: name === 'quiet' ? {} : Object.fromEntries(answers.get(name) ?? []),
        attempts: name === 'quiet' ? 0 : (attempts.get(name) ?? 0),
      };
    });
    const quiet = reports[0] as PhaseReport;
    log('');
    log(
      table(
        [
          'phase',
          'send p50 / p99 ms',
          'read p50 / p99 ms',
          'samples',
          'failed',
          'hub cores',
          'machine cores',
        ],
        reports.map((r) => [
          r.phase,
          ms(r.send),
          ms(r.read),
          String(r.send.count),
          String(r.failed),
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
      sizes,
      thinkMs: THINK_MS,
      phases: reports,
      seconds: (performance.now() - started) / 1000,
    };
    log(`saved ${saveResult(result)} (${elapsedSince(started)})`);
    const failed = reports.reduce((sum, r) => sum + r.failed, 0);
    if (failed > 0) throw new Error(`${failed} of the legitimate operator's requests failed under attack`);
    return result;
  } finally {
    attacker.kill();
    await hub.stop();
    founded.remove();
  }
}
