// The operators' clients of the hotline benchmark, in a child process of their own so that the load
// they make and the time they take are not the hub's: every client holds a WebSocket, senders send
// at a set rate (or as fast as they may), the operators asked acknowledge, and everything is timed
// here on one clock. Driven by messages from bench/hotline.ts.

import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { type ClientSpec, type Endpoint, OperatorClient } from './hotline-client.js';
import { convoyRequest, urgentStop } from './hotline-messages.js';
import { exactlyOnce, type OnceReport } from './hotline-once.js';
import { type PhaseSamples, Traffic } from './hotline-traffic.js';
import { ESCALATION_DUTY, type PartyLayout, URGENT_DEADLINE_S } from './hotline-world.js';
import type { Latency } from './report.js';
import { latency, rounded } from './report.js';

export interface SteadySpec {
  phase: string;
  /** Messages per second, open loop. */
  rate: number;
  seconds: number;
  /** An escalation probe every so often (0: none). */
  probeEveryMs: number;
}

export type ClientsRequest =
  | { type: 'connect'; endpoint: Endpoint; clients: ClientSpec[]; parties: PartyLayout[] }
  | { type: 'steady'; spec: SteadySpec }
  | { type: 'burst'; phase: string; count: number }
  | { type: 'verify'; marker: number }
  /** Every client closes, for good: before the server it is connected to stops. */
  | { type: 'leave' };

export interface PhaseReport {
  phase: string;
  seconds: number;
  sent: number;
  accepted: number;
  refused: number;
  /** Sends whose answer was lost with the connection (the hub went down meanwhile). */
  unanswered: number;
  /** Sends not attempted because the sender's client was not connected. */
  skipped: number;
  probes: number;
  deliveredMs: Latency;
  acceptedMs: Latency;
  ackSeenMs: Latency;
  stepLateMs: Latency;
  stepRecordedLateMs: Latency;
  outageStepRecordedLateMs: Latency;
  earlySteps: number;
  escalatedMessages: number;
  firstRefusals: unknown[];
  /** The client process's own CPU, cores, over the phase: the load generator must not be the limit. */
  clientCores: number;
  /** How late the client process's event loop ran, ms: a late loop times arrivals late. */
  clientLoopDelayMs: { p99: number; max: number };
  /** Epoch ms when the first client lost its connection, and when all were back (restart phase). */
  lost: number | null;
  allBack: number | null;
  firstBack: number | null;
}

export interface BurstReport {
  phase: string;
  messages: number;
  sendSeconds: number;
  sendPerSecond: number;
  acknowledgments: number;
  /** From the signal to the last acknowledgment accepted. */
  ackSeconds: number;
  acksPerSecond: number;
  /** From the signal until every sender saw every acknowledgment. */
  ackSeenSeconds: number;
  acksRefused: number;
  clientCores: number;
}

export type ClientsMessage =
  | { type: 'connected'; seconds: number; clients: number }
  | { type: 'steady-done'; report: PhaseReport }
  | { type: 'burst-done'; report: BurstReport }
  | { type: 'verified'; report: OnceReport }
  | { type: 'left' };

const send = (message: ClientsMessage) => process.send?.(message);

let endpoint: Endpoint = { url: '', origin: '', kind: 'hub' };
let traffic = new Traffic('');
let clients: OperatorClient[] = [];
let parties: PartyLayout[] = [];
let senders: OperatorClient[] = [];
let down = 0;
let link: { lost: number | null; firstBack: number | null; allBack: number | null } = {
  lost: null,
  firstBack: null,
  allBack: null,
};
let nextSender = 0;
let messageCount = 0;

const onLink = (_client: OperatorClient, up: boolean) => {
  if (!up) {
    down++;
    link.lost ??= Date.now();
    traffic.outage ??= { from: link.lost, to: null };
  } else if (link.lost !== null && down > 0) {
    down--;
    link.firstBack ??= Date.now();
    if (traffic.outage) traffic.outage.to ??= link.firstBack;
    if (down === 0) link.allBack = Date.now();
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > until) return false;
    await sleep(20);
  }
  return true;
}

async function connectAll(): Promise<number> {
  const began = performance.now();
  const chunk = 50;
  for (let at = 0; at < clients.length; at += chunk)
    await Promise.all(clients.slice(at, at + chunk).map((client) => client.connect()));
  return (performance.now() - began) / 1000;
}

/** The next sender, round robin over every party's senders, and a roster of another party. */
function nextMessageRoute(duty: string | null) {
  const sender = senders[nextSender++ % senders.length] as OperatorClient;
  const own = parties.findIndex((p) => p.party === sender.spec.party);
  const other = parties[(own + 1 + Math.floor(Math.random() * (parties.length - 1))) % parties.length];
  if (!other) throw new Error('at least two parties');
  const rosters = other.rosters;
  const to = {
    party: other.party,
    duty: duty ?? (rosters[Math.floor(Math.random() * rosters.length)]?.duty as string),
  };
  return { sender, to, id: `${sender.spec.party}/m-${messageCount++}` };
}

function loopDelayMs(loop: IntervalHistogram): { p99: number; max: number } {
  loop.disable();
  return { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
}

function cpuCores(since: NodeJS.CpuUsage, wallMs: number): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / wallMs;
}

async function steady(spec: SteadySpec): Promise<PhaseReport> {
  traffic.ackMode = 'at-once';
  link = { lost: null, firstBack: null, allBack: null };
  const cpu = process.cpuUsage();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const began = performance.now();
  let sent = 0;
  let skipped = 0;
  let unanswered = 0;
  let probes = 0;
  const answers: Promise<unknown>[] = [];
  const fire = (probe: boolean) => {
    const { sender, to, id } = nextMessageRoute(probe ? ESCALATION_DUTY : null);
    if (!sender.connected) return void skipped++;
    sent++;
    if (probe) probes++;
    const body = probe || sent % 2 === 0 ? urgentStop(id, to) : convoyRequest(id, sender.spec.party, to);
    answers.push(
      traffic.send(sender, body, spec.phase, probe).then((answer) => {
        if (answer === null) unanswered++;
      }),
    );
  };
  let due = 0;
  let probesDue = 0;
  const total = Math.round(spec.rate * spec.seconds);
  while (due < total) {
    const elapsed = performance.now() - began;
    while (due < total && (due * 1000) / spec.rate <= elapsed) {
      fire(false);
      due++;
    }
    while (
      spec.probeEveryMs > 0 &&
      probesDue * spec.probeEveryMs <= elapsed &&
      elapsed < spec.seconds * 1000
    ) {
      fire(true);
      probesDue++;
    }
    await sleep(2);
  }
  await Promise.all(answers);
  const mine = [...traffic.sent.values()].filter((s) => s.phase === spec.phase && s.accepted);
  // Every acknowledgment seen by its sender, every probe run to its end: the whole chain of
  // deadlines (each step, then the expiry) is four deadlines long.
  await waitFor(
    () => mine.every((s) => (s.probe ? s.expired : s.ackSeen)) && traffic.busy === 0,
    4 * URGENT_DEADLINE_S * 1000 + 20_000,
  );
  const seconds = (performance.now() - began) / 1000;
  return phaseReport(spec.phase, seconds, traffic.phase(spec.phase), {
    sent,
    accepted: mine.length,
    unanswered,
    skipped,
    probes,
    clientCores: cpuCores(cpu, seconds * 1000),
    clientLoopDelayMs: loopDelayMs(loop),
  });
}

function phaseReport(
  phase: string,
  seconds: number,
  samples: PhaseSamples,
  counts: Pick<
    PhaseReport,
    'sent' | 'accepted' | 'unanswered' | 'skipped' | 'probes' | 'clientCores' | 'clientLoopDelayMs'
  >,
): PhaseReport {
  return {
    phase,
    seconds,
    ...counts,
    refused: samples.refused.length,
    deliveredMs: rounded(latency(samples.deliveredMs)),
    acceptedMs: rounded(latency(samples.acceptedMs)),
    ackSeenMs: rounded(latency(samples.ackSeenMs)),
    stepLateMs: rounded(latency(samples.stepLateMs)),
    stepRecordedLateMs: rounded(latency(samples.stepRecordedLateMs)),
    outageStepRecordedLateMs: rounded(latency(samples.outageStepRecordedLateMs)),
    earlySteps: samples.earlySteps,
    escalatedMessages: samples.escalatedMessages,
    firstRefusals: samples.refused.slice(0, 3),
    lost: link.lost,
    firstBack: link.firstBack,
    allBack: link.allBack,
  };
}

/** Sends `count` messages as fast as the senders may; the operators asked confirm and hold; then go. */
async function burst(phase: string, count: number): Promise<BurstReport> {
  traffic.ackMode = 'hold';
  const cpu = process.cpuUsage();
  const began = performance.now();
  const window = Math.min(count, senders.length * 8);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      const { sender, to, id } = nextMessageRoute(null);
      // A coordination request's deadline outlasts the hold: nothing escalates while it waits.
      await traffic.send(sender, convoyRequest(id, sender.spec.party, to), phase, false);
    }
  };
  await Promise.all(Array.from({ length: window }, lane));
  const sendSeconds = (performance.now() - began) / 1000;
  const mine = [...traffic.sent.values()].filter((s) => s.phase === phase && s.accepted);
  await waitFor(() => traffic.heldCount >= mine.length && traffic.busy === 0, 60_000);
  const before = traffic.acknowledged.size;
  const refusedBefore = traffic.acksRefused;
  const go = performance.now();
  traffic.release();
  await waitFor(() => traffic.busy === 0, 120_000);
  const ackSeconds = (performance.now() - go) / 1000;
  await waitFor(() => mine.every((s) => s.ackSeen), 60_000);
  const ackSeenSeconds = (performance.now() - go) / 1000;
  const acknowledgments = traffic.acknowledged.size - before;
  traffic.ackMode = 'at-once';
  return {
    phase,
    messages: mine.length,
    sendSeconds,
    sendPerSecond: mine.length / sendSeconds,
    acknowledgments,
    ackSeconds,
    acksPerSecond: acknowledgments / ackSeconds,
    ackSeenSeconds,
    acksRefused: traffic.acksRefused - refusedBefore,
    clientCores: cpuCores(cpu, performance.now() - began),
  };
}

process.on('message', async (request: ClientsRequest) => {
  if (request.type === 'connect') {
    endpoint = request.endpoint;
    traffic = new Traffic(endpoint.origin);
    parties = request.parties;
    clients = request.clients.map(
      (spec) => new OperatorClient(spec, () => endpoint, traffic.onEntry, onLink),
    );
    const sending = new Set(parties.flatMap((p) => p.senders));
    senders = clients.filter((c) => sending.has(c.spec.operator));
    const seconds = await connectAll();
    send({ type: 'connected', seconds, clients: clients.length });
  } else if (request.type === 'steady') {
    send({ type: 'steady-done', report: await steady(request.spec) });
  } else if (request.type === 'burst') {
    send({ type: 'burst-done', report: await burst(request.phase, request.count) });
  } else if (request.type === 'verify') {
    send({
      type: 'verified',
      report: await exactlyOnce(endpoint, clients, parties, traffic, request.marker),
    });
  } else if (request.type === 'leave') {
    await Promise.all(clients.map((client) => client.close()));
    send({ type: 'left' });
  }
});
