// Whether the hotline lost or repeated anything, across the run and the hub's crash: once a marker
// entry everyone may read has reached every client, each party's whole record is read afresh from
// the hub (after -1) and set against what its clients received (each index once, in order, none
// missing between a client's first cursor and its last entry), what senders were told was accepted,
// the acknowledgments the hub accepted, and the probes, each of which must have run to its expiry.
import { type ClientSpec, type Endpoint, OperatorClient, type StreamEntry } from './hotline-client.js';
import type { Traffic } from './hotline-traffic.js';
import type { PartyLayout } from './hotline-world.js';

export interface OnceReport {
  clients: number;
  /** Entries the clients should have received between their first cursor and their last entry. */
  entriesExpected: number;
  entriesReceived: number;
  /** Clients whose entries differ from their party's record over their range, and by how many. */
  clientsDiffering: number;
  entriesMissing: number;
  /** Entries a client was sent again (an index not above the last it had). */
  entriesRepeated: number;
  /** Connections made: the first, plus each coming back after the hub's crash. */
  connections: number;
  messagesAccepted: number;
  messagesLost: number;
  /** Sends whose answer the crash took, and how many of them the record holds. */
  messagesUnanswered: number;
  messagesUnansweredRecorded: number;
  acknowledgmentsAccepted: number;
  acknowledgmentsLost: number;
  probes: number;
  /** Probes whose chain of deadlines did not run to the expiry: a timer lost. */
  probesUnfinished: number;
  /** Clients that never received the marker. */
  clientsBehind: number;
}

interface PartyRecord {
  indices: number[];
  sends: Set<string>;
  acknowledgments: Set<string>;
  expired: Set<string>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > end) return false;
    await sleep(20);
  }
  return true;
}

/** One party's entries as a fresh client reading the whole record sees them, up to `upTo`. */
async function readParty(endpoint: Endpoint, spec: ClientSpec, upTo: number): Promise<PartyRecord> {
  const record: PartyRecord = {
    indices: [],
    sends: new Set(),
    acknowledgments: new Set(),
    expired: new Set(),
  };
  const reader = new OperatorClient(
    spec,
    () => endpoint,
    (_client, entry: StreamEntry) => {
      record.indices.push(entry.index);
      const command = entry.command as {
        message?: { id: string } | string;
        recipient?: string;
        state?: string;
      };
      if (entry.kind === 'message.send' && typeof command.message === 'object')
        record.sends.add(command.message.id);
      if (entry.kind === 'delivery.receipt' && command.state === 'acknowledged')
        record.acknowledgments.add(`${String(command.message)} ${command.recipient}`);
      if (entry.kind === 'delivery.expire') record.expired.add(String(command.message));
    },
    () => {},
  );
  reader.first = -1;
  await reader.connect();
  if (!(await until(() => reader.last >= upTo, 120_000)))
    throw new Error(`the record of ${spec.party} was read only up to ${reader.last}, not ${upTo}`);
  await reader.close();
  return record;
}

/** Index of the first element above `value` in a sorted array. */
function above(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function exactlyOnce(
  endpoint: Endpoint,
  clients: OperatorClient[],
  parties: PartyLayout[],
  traffic: Traffic,
  marker: number,
): Promise<OnceReport> {
  await until(() => clients.every((c) => c.last >= marker), 120_000);
  const records = new Map<string, PartyRecord>();
  for (const party of parties) {
    const own = clients.filter((c) => c.spec.party === party.party);
    const reader = own[own.length - 1];
    if (!reader) continue;
    const upTo = Math.max(marker, ...own.map((c) => c.last));
    records.set(party.party, await readParty(endpoint, reader.spec, upTo));
  }
  const report: OnceReport = {
    clients: clients.length,
    entriesExpected: 0,
    entriesReceived: 0,
    clientsDiffering: 0,
    entriesMissing: 0,
    entriesRepeated: 0,
    connections: 0,
    messagesAccepted: 0,
    messagesLost: 0,
    messagesUnanswered: 0,
    messagesUnansweredRecorded: 0,
    acknowledgmentsAccepted: traffic.acknowledged.size,
    acknowledgmentsLost: 0,
    probes: 0,
    probesUnfinished: 0,
    clientsBehind: clients.filter((c) => c.last < marker).length,
  };
  for (const client of clients) {
    const record = records.get(client.spec.party) as PartyRecord;
    const from = above(record.indices, client.first ?? -1);
    const to = above(record.indices, client.last);
    const expected = record.indices.slice(from, to);
    let sum = 0;
    let squares = 0;
    for (const index of expected) {
      sum += index;
      squares += index * index;
    }
    report.entriesExpected += expected.length;
    report.entriesReceived += client.received;
    report.entriesRepeated += client.repeated;
    report.connections += client.connections;
    const same =
      expected.length === client.received && sum === client.indexSum && squares === client.indexSquareSum;
    if (!same) {
      report.clientsDiffering++;
      report.entriesMissing += Math.max(0, expected.length - client.received);
    }
  }
  const acknowledged = new Set<string>();
  for (const record of records.values()) for (const key of record.acknowledgments) acknowledged.add(key);
  for (const key of traffic.acknowledged) if (!acknowledged.has(key)) report.acknowledgmentsLost++;
  for (const sent of traffic.sent.values()) {
    const record = records.get(sent.sender.spec.party) as PartyRecord;
    const recorded = record.sends.has(sent.id);
    if (sent.accepted) {
      report.messagesAccepted++;
      if (!recorded) report.messagesLost++;
      if (sent.probe) {
        report.probes++;
        if (!record.expired.has(sent.id)) report.probesUnfinished++;
      }
    } else if (!sent.accepted && sent.unanswered) {
      report.messagesUnanswered++;
      if (recorded) report.messagesUnansweredRecorded++;
    }
  }
  return report;
}
