// The parties' side of the alert-latency benchmark, in a child process of its own so that its load
// is not the hub's: each party's system streams its tracks at 1 Hz over its feed's WebSocket, and
// each party's operators hold /v1/stream. Everything is timed here, on one clock: from the moment
// the batch holding the report that raised an alert left its feed to the alert.begin entry on every
// socket of the parties involved, and to the urgent track-alert request reaching the roster's
// member asked (who confirms and acknowledges it, as a duty officer would). Driven by
// bench/alert-latency.ts.

import type { MessageBody } from '../../src/hotline/message-schema.js';
import { feedOfTrack } from '../../src/hub/commands/alert-notices.js';
import type { AlertContent } from '../../src/hub/commands/track-alerts.js';
import { FeedStream } from './alert-feed.js';
import { AlertTraffic, FEED, type PlantedPair, SLICES, type TrafficSpec } from './alert-traffic.js';
import { type ClientSpec, OperatorClient, type StreamEntry } from './hotline-client.js';
import { Traffic } from './hotline-traffic.js';
import { type Latency, latency, rounded } from './report.js';

export type AlertClientsRequest =
  | { type: 'connect'; url: string; origin: string; clients: ClientSpec[]; reporters: string[] }
  | { type: 'run'; spec: TrafficSpec }
  | { type: 'leave' };

export interface AlertRunReport {
  seconds: number;
  /** Reports the schedule asked for, and what the feeds' answers said. */
  offered: number;
  batches: number;
  answered: number;
  accepted: number;
  dropped: number;
  dropReasons: string[];
  /** Reports accepted in each second of the run (by the answer's arrival). */
  acceptedBySecond: number[];
  /** Batch sent → its answer: how long the hub took to take it. */
  intakeMs: Latency;
  /** Batch due → sent: whether this side kept the 1 Hz schedule. */
  sendLagMs: Latency;
  planted: number;
  /** Planted pairs whose alert never came to any client, and (alert, client) arrivals missing. */
  pairsWithoutAlert: number;
  arrivalsMissing: number;
  /** Planted pairs that raised more than one alert; entries a client got twice. */
  pairsAlertedTwice: number;
  entriesRepeated: number;
  /** Alerts on background traffic (designed to be none). */
  unplanned: number;
  /** Planted alerts raised by the earlier first report (its feed taken behind the other's). */
  raisedByEarlier: number;
  /** Planted alerts not raised by either first report: found late, a defect of the watch. */
  late: number;
  /** Alerts whose end was seen (planted pairs divert and clear). */
  alertEnds: number;
  /** Report sent → alert.begin on each socket of each party involved. */
  alertMs: Latency;
  /** …→ the urgent track-alert notice, and the delivery step asking the member, on the member's socket. */
  noticeMs: Latency;
  askedMs: Latency;
  acknowledged: number;
  clientCores: number;
}

export type AlertClientsMessage =
  | { type: 'connected'; seconds: number }
  | { type: 'ran'; report: AlertRunReport }
  | { type: 'left' };

const send = (message: AlertClientsMessage) => process.send?.(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pairKey = (a: string, b: string) => [a, b].sort().join('+');

interface SeenAlert {
  /** When the batch with the report that raised it left its feed; null if not sent by this run. */
  sentAt: number | null;
  pair: PlantedPair | null;
  /** Operators whose socket brought it. */
  seenBy: Set<string>;
}

let url = '';
let origin = '';
let clients: OperatorClient[] = [];
let reporters: string[] = [];
let feeds = new Map<string, FeedStream>();
let traffic = new Traffic('');

/** What the sockets bring during one run. */
class Observed {
  readonly sentAt = new Map<string, number>();
  readonly pairs = new Map<string, PlantedPair>();
  readonly pairByTrack = new Map<string, PlantedPair>();
  readonly alerts = new Map<string, SeenAlert>();
  readonly alertOfPair = new Map<string, string[]>();
  /** A begin notice's message id → its alert, and when it reached each socket. */
  readonly notices = new Map<string, { alert: SeenAlert; arrivals: Map<string, number> }>();
  readonly alertMs: number[] = [];
  readonly noticeMs: number[] = [];
  readonly askedMs: number[] = [];
  unplanned = 0;
  raisedByEarlier = 0;
  late = 0;
  readonly ended = new Set<string>();

  constructor(planted: PlantedPair[]) {
    for (const pair of planted) {
      this.pairs.set(pairKey(...pair.tracks), pair);
      for (const track of pair.tracks) this.pairByTrack.set(track, pair);
    }
  }

  readonly onEntry = (client: OperatorClient, entry: StreamEntry): void => {
    const now = performance.now();
    if (entry.kind === 'alert.begin') this.onBegin(client, entry.command.alert as AlertContent, now);
    else if (entry.kind === 'alert.end') this.ended.add(String(entry.command.alert));
    else if (entry.kind === 'message.notice')
      this.onNotice(client, entry.command.message as MessageBody, now);
    else if (entry.kind === 'delivery.step') this.onStep(client, entry.command, now);
  };

  /** The planted pair one of whose tracks is in a party's view of an alert (each sees its own). */
  private pairOf(tracks: readonly string[]): PlantedPair | null {
    for (const track of tracks) {
      const pair = this.pairByTrack.get(track);
      if (pair) return pair;
    }
    return null;
  }

  private onBegin(client: OperatorClient, alert: AlertContent, now: number): void {
    let seen = this.alerts.get(alert.id);
    if (!seen) {
      const pair = alert.kind === 'loss-of-separation' ? this.pairOf(alert.tracks.map((t) => t.id)) : null;
      // The report that raised it is the latest of its tracks: its time is the alert's. A party's view
      // holds only its own track, so the pair's tracks are looked up.
      const time = Date.parse(alert.time);
      const finders = (pair?.tracks ?? alert.tracks.map((t) => t.id))
        .map((track) => this.sentAt.get(`${feedOfTrack(track)}@${time}`))
        .filter((at) => at !== undefined);
      seen = { sentAt: finders.length > 0 ? Math.max(...finders) : null, pair, seenBy: new Set() };
      this.alerts.set(alert.id, seen);
      if (!pair) this.unplanned++;
      else {
        const key = pairKey(...pair.tracks);
        if (!pair.firstReports.includes(time)) this.late++;
        else if (time < Math.max(...pair.firstReports)) this.raisedByEarlier++;
        this.alertOfPair.set(key, [...(this.alertOfPair.get(key) ?? []), alert.id]);
      }
    }
    seen.seenBy.add(client.spec.operator);
    if (seen.sentAt !== null) this.alertMs.push(now - seen.sentAt);
  }

  private onNotice(client: OperatorClient, message: MessageBody, now: number): void {
    const fields = message.template?.fields ?? {};
    if (message.template?.name !== 'track-alert' || fields.stage !== 'begin') return;
    const pair = this.pairOf([String(fields.track)]);
    const ids = pair && this.alertOfPair.get(pairKey(...pair.tracks));
    const alert = ids && this.alerts.get(ids[0] as string);
    if (!alert) return;
    const notice = this.notices.get(message.id) ?? { alert, arrivals: new Map() };
    notice.arrivals.set(client.spec.operator, now);
    this.notices.set(message.id, notice);
  }

  private onStep(client: OperatorClient, command: Record<string, unknown>, now: number): void {
    const { message, recipient, step, reason } = command as {
      message: string;
      recipient: string;
      step: { kind: string; operator?: string };
      reason: string;
    };
    if (step.kind !== 'member' || step.operator !== client.spec.operator) return;
    const notice = this.notices.get(message);
    const sentAt = notice?.alert.sentAt;
    if (notice && sentAt != null && reason === 'sent') {
      this.askedMs.push(now - sentAt);
      const arrived = notice.arrivals.get(client.spec.operator);
      if (arrived !== undefined) this.noticeMs.push(arrived - sentAt);
    }
    traffic.answer(client, message, recipient);
  }

  /** (alert, client) arrivals still missing: every client of every party involved must get each. */
  missing(): { pairsWithoutAlert: number; arrivalsMissing: number; pairsAlertedTwice: number } {
    let pairsWithoutAlert = 0;
    let arrivalsMissing = 0;
    let pairsAlertedTwice = 0;
    for (const [key, pair] of this.pairs) {
      const ids = this.alertOfPair.get(key) ?? [];
      if (ids.length === 0) pairsWithoutAlert++;
      if (ids.length > 1) pairsAlertedTwice++;
      const seen = ids[0] === undefined ? undefined : this.alerts.get(ids[0]);
      const parties = new Set(pair.tracks.map((t) => t.slice(0, t.indexOf('/'))));
      for (const client of clients)
        if (parties.has(client.spec.party) && !seen?.seenBy.has(client.spec.operator)) arrivalsMissing++;
    }
    return { pairsWithoutAlert, arrivalsMissing, pairsAlertedTwice };
  }
}

let observed = new Observed([]);

async function connect(request: Extract<AlertClientsRequest, { type: 'connect' }>): Promise<number> {
  const began = performance.now();
  ({ url, origin, reporters } = request);
  traffic = new Traffic(origin);
  clients = request.clients.map(
    (spec) =>
      new OperatorClient(
        spec,
        () => ({ url, origin, kind: 'hub' }),
        (client, entry) => observed.onEntry(client, entry),
        () => {},
      ),
  );
  await Promise.all(clients.map((client) => client.connect()));
  feeds = new Map();
  for (const operator of reporters) {
    const client = clients.find((c) => c.spec.operator === operator);
    if (!client) throw new Error(`no client ${operator}`);
    const feed = `${client.spec.party}/${FEED}`;
    feeds.set(client.spec.party, await FeedStream.open(url, feed, await client.login(url, origin)));
  }
  return (performance.now() - began) / 1000;
}

async function run(spec: TrafficSpec): Promise<AlertRunReport> {
  // Tick 0 on the next whole second but one: time to build the schedule first.
  const schedule = new AlertTraffic(spec, Math.ceil(Date.now() / 1000) * 1000 + 2000);
  const planted = schedule.planted();
  observed = new Observed(planted);
  const before = [...feeds.values()].map((f) => ({ ...f.counts, intakeMs: f.counts.intakeMs.length }));
  const repeatedBefore = clients.reduce((sum, c) => sum + c.repeated, 0);
  const acknowledgedBefore = traffic.acknowledged.size;
  const sendLagMs: number[] = [];
  const acceptedBySecond: number[] = [];
  let offered = 0;
  await sleep(schedule.timeOf(0, 0) - Date.now());
  const cpu = process.cpuUsage();
  const began = performance.now();
  const accepted = () => [...feeds.values()].reduce((sum, f) => sum + f.counts.accepted, 0);
  let acceptedAtSecond = accepted();
  for (let tick = 0; tick < spec.seconds; tick++) {
    for (let slice = 0; slice < SLICES; slice++) {
      const time = schedule.timeOf(tick, slice);
      const wait = time - Date.now();
      if (wait > 0) await sleep(wait);
      for (const [party, reports] of schedule.due(tick, slice)) {
        const feed = feeds.get(party);
        if (!feed || reports.length === 0) continue;
        offered += reports.length;
        observed.sentAt.set(`${party}/${FEED}@${time}`, feed.send(reports));
        sendLagMs.push(Date.now() - time);
      }
    }
    const now = accepted();
    acceptedBySecond.push(now - acceptedAtSecond);
    acceptedAtSecond = now;
  }
  const seconds = (performance.now() - began) / 1000;
  // The last batches answered, the last alerts and notices in, the acknowledgments made.
  const until = performance.now() + 30_000;
  while (performance.now() < until) {
    const drained = [...feeds.values()].every((f) => f.pending === 0) && traffic.busy === 0;
    if (drained && observed.missing().arrivalsMissing === 0) break;
    await sleep(50);
  }
  const clientCores = (() => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1e6 / ((performance.now() - began) / 1000);
  })();
  const list = [...feeds.values()];
  const sum = (f: (c: FeedStream['counts'], i: number) => number) =>
    list.reduce((total, feed, i) => total + f(feed.counts, i), 0);
  const b = (i: number) => before[i] as (typeof before)[number];
  return {
    seconds,
    offered,
    batches: sum((c, i) => c.batches - b(i).batches),
    answered: sum((c, i) => c.answered - b(i).answered),
    accepted: sum((c, i) => c.accepted - b(i).accepted),
    dropped: sum((c, i) => c.dropped - b(i).dropped),
    dropReasons: list.flatMap((f) => f.counts.reasons).slice(0, 5),
    acceptedBySecond,
    intakeMs: rounded(latency(list.flatMap((f, i) => f.counts.intakeMs.slice(b(i).intakeMs)))),
    sendLagMs: rounded(latency(sendLagMs)),
    planted: planted.length,
    ...observed.missing(),
    entriesRepeated: clients.reduce((total, c) => total + c.repeated, 0) - repeatedBefore,
    unplanned: observed.unplanned,
    raisedByEarlier: observed.raisedByEarlier,
    late: observed.late,
    alertEnds: observed.ended.size,
    alertMs: rounded(latency(observed.alertMs)),
    noticeMs: rounded(latency(observed.noticeMs)),
    askedMs: rounded(latency(observed.askedMs)),
    acknowledged: traffic.acknowledged.size - acknowledgedBefore,
    clientCores,
  };
}

process.on('message', async (request: AlertClientsRequest) => {
  if (request.type === 'connect') send({ type: 'connected', seconds: await connect(request) });
  else if (request.type === 'run') send({ type: 'ran', report: await run(request.spec) });
  else if (request.type === 'leave') {
    for (const feed of feeds.values()) feed.close();
    await Promise.all(clients.map((client) => client.close()));
    send({ type: 'left' });
  }
});
