// The hotline under ten thousand connected operators. The hub runs as `deconflict serve` in a child
// process over its SQLite store; the operators' clients run in another child process, one WebSocket
// each on /v1/stream, spread over several parties with on-call rosters. Measured: the time from a
// message's sending to its arrival on every recipient's socket, and to the sender seeing the
// acknowledgment; acknowledgments per second when every operator asked acknowledges at once; how
// late the escalation timers fire under that load; and, with the hub killed (SIGKILL) in the middle
// of a run and started again, that nothing was lost or repeated: every message and acknowledgment
// accepted is in the record, every client got every entry of its party once, every pending deadline
// fired. A plain `ws` server fanning out the same frames to the same sockets, in the same run, is the
// transport floor the hub is compared with.
import { createServer } from 'node:net';
import type { SignedCommand } from '../src/hub/signed-command.js';
import { ServeProcess } from '../test/support/cli.js';
import { Child } from './lib/child-process.js';
import type { Endpoint } from './lib/hotline-client.js';
import type {
  BurstReport,
  ClientsMessage,
  ClientsRequest,
  PhaseReport,
  SteadySpec,
} from './lib/hotline-clients.js';
import type { OnceReport } from './lib/hotline-once.js';
import type { PeerMessage, PeerRequest } from './lib/hotline-peer.js';
import { layout, setUpWorld, URGENT_DEADLINE_S, type WorldSize } from './lib/hotline-world.js';
import {
  BENCH_ORIGIN,
  benchAdmin,
  foundBenchHub,
  HUB_PARTY,
  LIFTED_COMMAND_RATES,
  tempFileSystem,
} from './lib/hub-fixture.js';
import { hubLoopDelay, type LoopDelay } from './lib/hub-loop-delay.js';
import { cpuTimes, machineCoresBusy, waitForQuiet } from './lib/machine-load.js';
import { processCpuSeconds } from './lib/process-cpu.js';
import {
  type BenchResult,
  elapsedSince,
  formatNumber,
  type Latency,
  log,
  machine,
  machineLine,
  type SummaryRow,
  saveResult,
  summaryTable,
} from './lib/report.js';

export interface HotlineOptions {
  quick: boolean;
}

interface Sizes {
  world: WorldSize;
  /** Messages per second in the timed runs, and for how long. */
  rate: number;
  seconds: number;
  probeEveryMs: number;
  burst: number;
}

/** HOTLINE_CLIENTS_PER_PARTY=100 runs the full benchmark at 1,000 clients rather than 10,000. */
const FULL: Sizes = {
  world: {
    parties: 10,
    clientsPerParty: Number(process.env.HOTLINE_CLIENTS_PER_PARTY ?? 1000),
    rostersPerParty: 10,
  },
  rate: 20,
  seconds: 30,
  probeEveryMs: 500,
  burst: 2000,
};
const QUICK: Sizes = {
  world: { parties: 4, clientsPerParty: 25, rostersPerParty: 5 },
  rate: 10,
  seconds: 10,
  probeEveryMs: 500,
  burst: 300,
};

const AIM_P99_MS = 100;
/** How much slower than plain `ws` fan-out the hub's delivery may be, at p99. */
const AIM_OF_PEER = 3;

/** Cores busy during a phase: the server's process (the hub or the peer), and the whole machine. */
interface Load {
  serverCores: number | null;
  machineCores: number | null;
  /** Seconds waited for a quiet machine before the phase, and what others kept busy then. */
  waitedSeconds: number;
  othersCoresBefore: number | null;
  /** How late the server's event loop ran over the phase (the hub's; null for the peer). */
  serverLoopDelay: LoopDelay | null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs a phase, measuring the hub's CPU and the machine's around it, after waiting for quiet. */
async function measured<T>(
  pid: () => number,
  /** The hub's address, whose /metrics tell its event loop's lag; null for the peer. */
  url: (() => string) | null,
  what: string,
  phase: () => Promise<T>,
): Promise<T & { load: Load }> {
  const waited = await waitForQuiet(0.3, 15_000);
  if (waited.waitedSeconds > 3)
    log(`  (waited ${waited.waitedSeconds.toFixed(0)} s for other work to calm down before ${what})`);
  if (url) await hubLoopDelay(url());
  const machineBefore = cpuTimes();
  const began = performance.now();
  const hubBefore = processCpuSeconds(pid());
  const pidBefore = pid();
  const result = await phase();
  const wall = (performance.now() - began) / 1000;
  const hubAfter = processCpuSeconds(pid());
  const serverLoopDelay = url ? await hubLoopDelay(url()) : null;
  // Across a restart the hub is another process: its CPU is counted from its start.
  const hubCpu = hubAfter === null ? null : pid() === pidBefore ? hubAfter - (hubBefore ?? 0) : hubAfter;
  return {
    ...result,
    load: {
      serverCores: hubCpu === null ? null : hubCpu / wall,
      machineCores: machineCoresBusy(machineBefore),
      waitedSeconds: waited.waitedSeconds,
      othersCoresBefore: waited.othersCores,
      serverLoopDelay,
    },
  };
}

const ms = (l: Latency) =>
  `p50 ${formatNumber(l.p50)} ms, p99 ${formatNumber(l.p99)} ms, max ${formatNumber(l.max)} ms (${l.count.toLocaleString('en-US')})`;

function logPhase(name: string, r: PhaseReport & { load: Load }): void {
  log(
    `  ${name}: ${r.accepted}/${r.sent} messages accepted in ${r.seconds.toFixed(1)} s (${r.probes} probes), ${r.refused} refused, ${r.unanswered} unanswered, ${r.skipped} not sent (sender off line)`,
  );
  log(`    send → message on each recipient's socket: ${ms(r.deliveredMs)}`);
  log(`    send → sender's answer (accepted, durable): ${ms(r.acceptedMs)}`);
  log(`    send → acknowledgment on the sender's socket: ${ms(r.ackSeenMs)}`);
  if (r.stepLateMs.count > 0) {
    log(`    escalation steps, pushed to the sender − deadline: ${ms(r.stepLateMs)}`);
    log(`    escalation steps, recorded − deadline: ${ms(r.stepRecordedLateMs)}; ${r.earlySteps} early`);
  }
  if (r.outageStepRecordedLateMs.count > 0)
    log(`    steps due while the hub was down, recorded − deadline: ${ms(r.outageStepRecordedLateMs)}`);
  if (r.escalatedMessages > 0)
    log(
      `    ${r.escalatedMessages} deliveries of ordinary messages escalated (acknowledged after their deadline)`,
    );
  for (const refusal of r.firstRefusals) log(`    refused: ${JSON.stringify(refusal)}`);
  log(
    `    cores busy: server ${formatNumber(r.load.serverCores ?? Number.NaN)}, clients ${formatNumber(r.clientCores)}, whole machine ${formatNumber(r.load.machineCores ?? Number.NaN)} (others included)`,
  );
  const hubLoop = r.load.serverLoopDelay;
  log(
    `    event loop late (sampled every 10 ms): ${hubLoop ? `hub p99 ${formatNumber(hubLoop.p99Ms)} ms, max ${formatNumber(hubLoop.maxMs)} ms; ` : ''}clients p99 ${formatNumber(r.clientLoopDelayMs.p99)} ms, max ${formatNumber(r.clientLoopDelayMs.max)} ms`,
  );
}

function logBurst(name: string, r: BurstReport & { load: Load }): void {
  log(
    `  ${name}: ${r.messages} messages sent in ${r.sendSeconds.toFixed(1)} s (${formatNumber(r.sendPerSecond)}/s), each confirmed delivered by the operator asked; then all acknowledge at once`,
  );
  log(
    `    ${r.acknowledgments} acknowledgments accepted in ${r.ackSeconds.toFixed(2)} s: ${formatNumber(r.acksPerSecond)}/s; every sender had seen every one after ${r.ackSeenSeconds.toFixed(2)} s; ${r.acksRefused} refused`,
  );
  log(
    `    cores busy: server ${formatNumber(r.load.serverCores ?? Number.NaN)}, clients ${formatNumber(r.clientCores)}, whole machine ${formatNumber(r.load.machineCores ?? Number.NaN)}`,
  );
}

/**
 * Submits the end marker, waiting as the hub asks while it is busy (a 429 or a 503 says for how long):
 * after ten thousand clients come back at once, it may still be catching them up.
 */
async function submitMarker(url: string, marker: SignedCommand): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const reply = await fetch(`${url}/v1/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(marker),
    });
    const body = (await reply.json()) as { index?: number };
    if (reply.status === 201 && typeof body.index === 'number') return body.index;
    if (reply.status !== 429 && reply.status !== 503)
      throw new Error(`the end marker was refused: ${reply.status} ${JSON.stringify(body)}`);
    const wait = Number(reply.headers.get('retry-after') ?? 1);
    log(`  (the hub answered the end marker ${reply.status}; trying again in ${wait} s)`);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
  throw new Error('the hub never took the end marker');
}

function onceProblems(once: OnceReport): string[] {
  const problems: string[] = [];
  if (once.messagesLost > 0) problems.push(`${once.messagesLost} accepted messages are not in the record`);
  if (once.acknowledgmentsLost > 0)
    problems.push(`${once.acknowledgmentsLost} accepted acknowledgments are not in the record`);
  if (once.clientsDiffering > 0)
    problems.push(
      `${once.clientsDiffering} clients' entries differ from the record (${once.entriesMissing} missing)`,
    );
  if (once.entriesRepeated > 0) problems.push(`${once.entriesRepeated} entries were sent twice`);
  if (once.probesUnfinished > 0)
    problems.push(`${once.probesUnfinished} probes' deadlines never fired to the end`);
  if (once.clientsBehind > 0) problems.push(`${once.clientsBehind} clients never caught up`);
  return problems;
}

export async function run(options: HotlineOptions): Promise<BenchResult> {
  const sizes = options.quick ? QUICK : FULL;
  const started = performance.now();
  const info = await machine();
  const { parties, clientsPerParty, rostersPerParty } = sizes.world;
  const clientCount = parties * clientsPerParty;
  log(
    `# hotline: ${clientCount.toLocaleString('en-US')} operators' clients connected over WebSocket (${options.quick ? 'quick' : 'full'})`,
  );
  log(machineLine(info));
  log(`store: SqliteStore (WAL, synchronous=FULL) on ${tempFileSystem()}`);
  log(
    `world: ${parties} parties × ${clientsPerParty} duty officers, one client each; per party ${rostersPerParty} rosters whose first member acknowledges, and one whose members never do (deadline ${URGENT_DEADLINE_S} s for urgent requests, agreed); messages to another party's roster, urgent stop requests and convoy coordination requests in turn; every entry goes to every client of the parties that may read it`,
  );

  const world = layout(sizes.world);
  const admin = benchAdmin();
  const founded = await foundBenchHub(admin);
  const port = await freePort();
  // Every client is on loopback, one address for ten thousand operators coming back together after
  // the crash: as for a party's offices behind one NAT, the hub's operator lifts the per-address caps.
  const serve = () =>
    ServeProcess.start(founded.dir.path, ['--port', String(port)], {
      DECONFLICT_PENDING_SOCKETS_PER_ADDRESS: '1024',
      DECONFLICT_CONNECTIONS_PER_ADDRESS: '65536',
      // Each sign-in under way holds one of the address's tries until it succeeds.
      DECONFLICT_FAILED_LOGINS_PER_ADDRESS: '16384',
      ...LIFTED_COMMAND_RATES,
    });
  let hub = await serve();
  const endpoint: Endpoint = { url: hub.url, origin: BENCH_ORIGIN, kind: 'hub' };
  const clients = new Child<ClientsRequest, ClientsMessage>(
    new URL('./lib/hotline-clients.ts', import.meta.url).pathname,
    [],
  );
  let peer: Child<PeerRequest, PeerMessage> | null = null;
  try {
    log(`hub: deconflict serve on ${hub.url} (child process); clients in another child process`);
    let began = performance.now();
    const specs = await setUpWorld(hub.url, BENCH_ORIGIN, admin.signer, world);
    log(
      `set up ${parties} parties, ${specs.length} operators, their rosters and the agreement in ${elapsedSince(began)}`,
    );
    clients.send({ type: 'connect', endpoint, clients: specs, parties: world });
    const connected = (await clients.next('connected')) as { seconds: number };
    log(`${clientCount} clients signed in and connected in ${connected.seconds.toFixed(1)} s`);

    const steadySpec = (phase: string, probes: boolean): SteadySpec => ({
      phase,
      rate: sizes.rate,
      seconds: sizes.seconds,
      probeEveryMs: probes ? sizes.probeEveryMs : 0,
    });
    const steady = async (spec: SteadySpec, during?: () => Promise<void>) => {
      clients.send({ type: 'steady', spec });
      await during?.();
      return ((await clients.next('steady-done')) as { report: PhaseReport }).report;
    };
    const burst = async (phase: string) => {
      clients.send({ type: 'burst', phase, count: sizes.burst });
      return ((await clients.next('burst-done')) as { report: BurstReport }).report;
    };

    log(
      `steady: ${sizes.rate} messages/s for ${sizes.seconds} s, each acknowledged by the operator asked as soon as it arrives, and an escalation probe every ${sizes.probeEveryMs} ms (an urgent request to a roster that never acknowledges: ${URGENT_DEADLINE_S} s per step, next member, chief, party, expiry)`,
    );
    const hubUrl = () => hub.url;
    const hubSteady = await measured(
      () => hub.pid,
      hubUrl,
      'the steady run',
      () => steady(steadySpec('steady', true)),
    );
    logPhase('hub', hubSteady);

    log(
      `burst: ${sizes.burst} coordination requests; the operators asked confirm delivery and hold, then all acknowledge at once`,
    );
    const hubBurst = await measured(
      () => hub.pid,
      hubUrl,
      'the burst',
      () => burst('burst'),
    );
    logBurst('hub', hubBurst);

    log(
      `restart: the steady run again, the hub killed (SIGKILL) half way through and started again on the same port`,
    );
    let crash = { killedAt: 0, readyAt: 0, restartSeconds: 0 };
    const hubRestart = await measured(
      () => hub.pid,
      hubUrl,
      'the restart run',
      () =>
        steady(steadySpec('restart', true), async () => {
          await new Promise((resolve) => setTimeout(resolve, (sizes.seconds * 1000) / 2));
          hub.kill('SIGKILL');
          await hub.exited;
          const killedAt = Date.now();
          const t = performance.now();
          hub = await serve();
          crash = { killedAt, readyAt: Date.now(), restartSeconds: (performance.now() - t) / 1000 };
        }),
    );
    logPhase('hub', hubRestart);
    const allBackSeconds = hubRestart.allBack === null ? null : (hubRestart.allBack - crash.killedAt) / 1000;
    log(
      `    hub killed, started again and listening in ${crash.restartSeconds.toFixed(1)} s (replaying its record); every client signed in again and resumed ${allBackSeconds === null ? '(never)' : `${allBackSeconds.toFixed(1)} s`} after the kill`,
    );

    // An entry everyone may read marks the end: once it has reached every client, nothing is in flight.
    const marker = admin.signer.command(BENCH_ORIGIN, 'operator.add', {
      operator: { id: 'hub.marker', name: 'End of the run', public_key: benchAdmin().signer.publicKey },
      role: 'viewer',
    });
    const markerIndex = await submitMarker(hub.url, marker);
    clients.send({ type: 'verify', marker: markerIndex });
    const once = ((await clients.next('verified')) as { report: OnceReport }).report;
    const problems = onceProblems(once);
    log(
      `exactly once, across the run and the crash (record read afresh per party, up to entry ${markerIndex} of ${HUB_PARTY}'s marker):`,
    );
    log(
      `  messages: ${once.messagesAccepted} accepted, ${once.messagesLost} missing from the record; ${once.messagesUnanswered} whose answer the crash took, ${once.messagesUnansweredRecorded} of them in the record`,
    );
    log(`  acknowledgments: ${once.acknowledgmentsAccepted} accepted, ${once.acknowledgmentsLost} missing`);
    log(
      `  entries: ${once.entriesReceived.toLocaleString('en-US')} received by ${once.clients} clients of ${once.entriesExpected.toLocaleString('en-US')} expected; ${once.clientsDiffering} clients differ, ${once.entriesMissing} missing, ${once.entriesRepeated} repeated; ${once.connections} connections (${once.connections - once.clients} came back)`,
    );
    log(`  escalation probes: ${once.probes}, ${once.probesUnfinished} whose deadlines did not all fire`);
    log(problems.length === 0 ? '  nothing lost, nothing repeated' : `  FAILED: ${problems.join('; ')}`);
    clients.send({ type: 'leave' });
    await clients.next('left');
    await hub.stop();

    // The peer: the same clients, messages and fan-out over a plain ws server.
    peer = new Child<PeerRequest, PeerMessage>(
      new URL('./lib/hotline-peer.ts', import.meta.url).pathname,
      [],
    );
    peer.send({ type: 'start', parties: world });
    const { url: peerUrl } = (await peer.next('listening')) as { url: string };
    clients.send({
      type: 'connect',
      endpoint: { url: peerUrl, origin: BENCH_ORIGIN, kind: 'peer' },
      clients: specs,
      parties: world,
    });
    await clients.next('connected');
    log(`peer: plain ws fan-out server on ${peerUrl} (child process), the same ${clientCount} clients`);
    const peerChild = peer;
    const peerPid = () => peerChild.pid;
    began = performance.now();
    const peerSteady = await measured(peerPid, null, 'the peer steady run', () =>
      steady(steadySpec('peer steady', false)),
    );
    logPhase('ws peer', peerSteady);
    const peerBurst = await measured(peerPid, null, 'the peer burst', () => burst('peer burst'));
    logBurst('ws peer', peerBurst);
    clients.send({ type: 'leave' });
    await clients.next('left');

    const summary: SummaryRow[] = [];
    const row = (metric: string, value: number, unit: string, against?: string) =>
      summary.push({ benchmark: 'hotline', metric, value, unit, ...(against ? { against } : {}) });
    const d = hubSteady.deliveredMs;
    const pd = peerSteady.deliveredMs;
    row("send → recipients' sockets p50", d.p50, 'ms', `ws peer ${formatNumber(pd.p50)} ms`);
    row(
      "send → recipients' sockets p99",
      d.p99,
      'ms',
      `aim < ${AIM_P99_MS} ms and within ${AIM_OF_PEER}× of the ws peer (${formatNumber(pd.p99)} ms: ${formatNumber(d.p99 / pd.p99)}×); ${clientCount} clients, ${sizes.rate} messages/s`,
    );
    row(
      'send → accepted (durable) p99',
      hubSteady.acceptedMs.p99,
      'ms',
      `p50 ${formatNumber(hubSteady.acceptedMs.p50)} ms`,
    );
    row(
      'send → acknowledgment seen by sender p99',
      hubSteady.ackSeenMs.p99,
      'ms',
      `p50 ${formatNumber(hubSteady.ackSeenMs.p50)} ms; ws peer p99 ${formatNumber(peerSteady.ackSeenMs.p99)} ms`,
    );
    row(
      'acknowledgments per second',
      hubBurst.acksPerSecond,
      'acks/s',
      `ws peer ${formatNumber(peerBurst.acksPerSecond)}/s; ${hubBurst.acknowledgments} at once`,
    );
    row(
      'escalation step late p99 (pushed to sender)',
      hubSteady.stepLateMs.p99,
      'ms',
      `p50 ${formatNumber(hubSteady.stepLateMs.p50)} ms, max ${formatNumber(hubSteady.stepLateMs.max)} ms; recorded p99 ${formatNumber(hubSteady.stepRecordedLateMs.p99)} ms`,
    );
    row(
      'restart: messages lost',
      once.messagesLost,
      'messages',
      `of ${once.messagesAccepted} accepted; ${once.acknowledgmentsLost} of ${once.acknowledgmentsAccepted} acknowledgments lost`,
    );
    row(
      'restart: entries missing or repeated',
      once.entriesMissing + once.entriesRepeated,
      'entries',
      `of ${once.entriesExpected.toLocaleString('en-US')} across ${once.clients} clients; ${once.probesUnfinished} timers lost`,
    );
    row(
      'restart: kill to every client resumed',
      allBackSeconds ?? Number.NaN,
      's',
      `hub listening again after ${formatNumber(crash.restartSeconds)} s`,
    );
    row(
      'restart: steps due while down, recorded late p50',
      hubRestart.outageStepRecordedLateMs.p50,
      'ms',
      `${hubRestart.outageStepRecordedLateMs.count} steps; max ${formatNumber(hubRestart.outageStepRecordedLateMs.max)} ms`,
    );
    log('');
    log(summaryTable(summary));
    log(
      `compared: the hub (signed commands verified, durable group commit, record, per-party visibility, escalation) against a plain ws server fanning the same frames out to the same ${clientCount} sockets, with no checks and no record`,
    );

    const result: BenchResult = {
      name: 'hotline',
      quick: options.quick,
      machine: info,
      summary,
      store: `SqliteStore, WAL, synchronous=FULL, ${tempFileSystem()}`,
      sizes,
      clients: { count: clientCount, connectSeconds: connected.seconds },
      hub: { steady: hubSteady, burst: hubBurst, restart: { ...hubRestart, crash, allBackSeconds } },
      once,
      problems,
      peer: { steady: peerSteady, burst: peerBurst },
      aimP99Ms: AIM_P99_MS,
      seconds: (performance.now() - started) / 1000,
    };
    log(`saved ${saveResult(result)} (${elapsedSince(started)})`);
    if (problems.length > 0)
      throw new Error(`the hotline lost or repeated something: ${problems.join('; ')}`);
    return result;
  } finally {
    clients.kill();
    peer?.kill();
    hub.kill('SIGKILL');
    founded.remove();
  }
}
