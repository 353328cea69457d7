// What the benchmark's operators do with the entries pushed to them, and what is measured there:
// a recipient's client times each message's arrival; the operator asked by a delivery.step confirms
// it was delivered and acknowledges it (at once, or on a signal); the sender's client times the
// acknowledgment it sees, and the escalation steps of its probes against the deadlines they follow.
import type { MessageBody } from '../../src/hotline/message-schema.js';
import type { Answer, OperatorClient, StreamEntry } from './hotline-client.js';
import { ESCALATION_DUTY } from './hotline-world.js';

export interface Sent {
  id: string;
  /** performance.now() when the command left the sender's client. */
  at: number;
  phase: string;
  sender: OperatorClient;
  recipient: string;
  recipientParty: string;
  probe: boolean;
  accepted: boolean;
  /** The connection went before the answer came: the record says whether it was committed. */
  unanswered: boolean;
  ackSeen: boolean;
  /** The deadline of the probe's current step (epoch ms), from the last step its sender saw. */
  deadline: number | null;
  expired: boolean;
}

/** A delivery the asked operator has confirmed and not yet acknowledged (holding for the signal). */
interface Held {
  client: OperatorClient;
  message: string;
  recipient: string;
}

export interface PhaseSamples {
  /** Send → the message.send entry on each socket of the recipient party, ms. */
  deliveredMs: number[];
  /** Send → the sender's `accepted` answer, ms. */
  acceptedMs: number[];
  /** Send → the acknowledgment's delivery.receipt on the sender's socket, ms. */
  ackSeenMs: number[];
  /** Escalation steps (and expiries) of probes: pushed to the sender − the deadline, ms. */
  stepLateMs: number[];
  /** The same, by the entry's recorded time. */
  stepRecordedLateMs: number[];
  /** Steps whose deadline fell while the hub was down: recorded time − deadline, ms. */
  outageStepRecordedLateMs: number[];
  /** Steps recorded before their deadline (never expected). */
  earlySteps: number;
  /** Non-probe deliveries that escalated: their acknowledgment came too late. */
  escalatedMessages: number;
  refused: { id: string; problem: unknown }[];
}

export const newSamples = (): PhaseSamples => ({
  deliveredMs: [],
  acceptedMs: [],
  ackSeenMs: [],
  stepLateMs: [],
  stepRecordedLateMs: [],
  outageStepRecordedLateMs: [],
  earlySteps: 0,
  escalatedMessages: 0,
  refused: [],
});

/** The operator's pace: acknowledge as soon as asked, or confirm delivery and wait for `release`. */
export type AckMode = 'at-once' | 'hold';

const messageOf = (entry: StreamEntry) => {
  const { message } = entry.command as { message?: string | { id: string } };
  return typeof message === 'object' ? message.id : message;
};

/** Commands one client keeps in flight; the hub refuses more than 64. */
const WINDOW = 32;

export class Traffic {
  readonly sent = new Map<string, Sent>();
  readonly samples = new Map<string, PhaseSamples>();
  ackMode: AckMode = 'at-once';
  private readonly held: Held[] = [];
  /** Acknowledgments accepted by the hub: "message recipient". */
  readonly acknowledged = new Set<string>();
  /** Acknowledgments whose answer was lost with the connection. */
  ackAnswersLost = 0;
  acksRefused = 0;
  /** Confirmations of delivery accepted. */
  delivered = 0;
  /** The window while the hub was down, epoch ms: [first loss, first client back]. */
  outage: { from: number; to: number | null } | null = null;
  private readonly queues = new Map<OperatorClient, { pending: (() => Promise<void>)[]; inFlight: number }>();

  constructor(private readonly origin: string) {}

  phase(name: string): PhaseSamples {
    let found = this.samples.get(name);
    if (!found) {
      found = newSamples();
      this.samples.set(name, found);
    }
    return found;
  }

  /** Sends a message from `sender`; resolves with its answer (null: lost with the connection). */
  async send(
    sender: OperatorClient,
    body: MessageBody,
    phase: string,
    probe: boolean,
  ): Promise<Answer | null> {
    const signed = sender.signer.command(this.origin, 'message.send', { message: body });
    const to = body.recipients[0] as { party: string; duty?: string };
    const sent: Sent = {
      id: body.id,
      at: performance.now(),
      phase,
      sender,
      recipient: to.duty ? `${to.party}/${to.duty}` : to.party,
      recipientParty: to.party,
      probe,
      accepted: false,
      unanswered: false,
      ackSeen: false,
      deadline: null,
      expired: false,
    };
    this.sent.set(body.id, sent);
    const answer = await sender.command(signed);
    const samples = this.phase(phase);
    if (answer?.type === 'accepted') {
      sent.accepted = true;
      samples.acceptedMs.push(performance.now() - sent.at);
    } else if (answer?.type === 'refused') samples.refused.push({ id: body.id, problem: answer.problem });
    else sent.unanswered = true;
    return answer;
  }

  readonly onEntry = (client: OperatorClient, entry: StreamEntry): void => {
    const id = messageOf(entry);
    const sent = id === undefined ? undefined : this.sent.get(id);
    if (!sent) return;
    const now = performance.now();
    const samples = this.phase(sent.phase);
    if (entry.kind === 'message.send') {
      if (client.spec.party === sent.recipientParty) samples.deliveredMs.push(now - sent.at);
    } else if (entry.kind === 'delivery.step') {
      this.onStep(client, entry, sent, samples);
    } else if (entry.kind === 'delivery.expire') {
      if (client === sent.sender) this.onTimer(entry, sent, samples);
      sent.expired = true;
    } else if (entry.kind === 'delivery.receipt' && entry.command.state === 'acknowledged') {
      if (client === sent.sender && !sent.ackSeen) {
        sent.ackSeen = true;
        samples.ackSeenMs.push(now - sent.at);
      }
    }
  };

  private onStep(client: OperatorClient, entry: StreamEntry, sent: Sent, samples: PhaseSamples): void {
    const { step, recipient, reason, deadline } = entry.command as {
      step: { kind: string; operator?: string };
      recipient: string;
      reason: string;
      deadline: string;
    };
    if (client === sent.sender) {
      if (reason !== 'sent') {
        if (sent.probe) this.onTimer(entry, sent, samples);
        else samples.escalatedMessages++;
      }
      sent.deadline = Date.parse(deadline);
    }
    const asked = step.kind === 'member' && step.operator === client.spec.operator;
    if (!asked || recipient.endsWith(`/${ESCALATION_DUTY}`)) return;
    this.answer(client, sent.id, recipient);
  }

  /** The operator asked confirms delivery, then acknowledges (at once, or held for `release`). */
  answer(client: OperatorClient, message: string, recipient: string): void {
    this.queue(client, async () => {
      const answer = await this.receipt(client, message, recipient, 'delivered');
      if (answer?.type === 'accepted') this.delivered++;
      if (this.ackMode === 'hold') this.held.push({ client, message, recipient });
      else this.acknowledge({ client, message, recipient });
    });
  }

  /** A probe's step or expiry: how long after the deadline it came. */
  private onTimer(entry: StreamEntry, sent: Sent, samples: PhaseSamples): void {
    if (sent.deadline === null) return;
    const recordedAt = Date.parse(entry.time);
    const recordedLate = recordedAt - sent.deadline;
    if (recordedLate < 0) samples.earlySteps++;
    // Due before the hub came back and recorded after it went down: fired by the restarted hub.
    const { outage } = this;
    if (outage && sent.deadline < (outage.to ?? Infinity) && recordedAt >= outage.from) {
      samples.outageStepRecordedLateMs.push(recordedLate);
      return;
    }
    samples.stepLateMs.push(Date.now() - sent.deadline);
    samples.stepRecordedLateMs.push(recordedLate);
  }

  private receipt(client: OperatorClient, message: string, recipient: string, state: string) {
    return client.command(
      client.signer.command(this.origin, 'delivery.receipt', { message, recipient, state }),
    );
  }

  private acknowledge(held: Held): void {
    this.queue(held.client, async () => {
      const answer = await this.receipt(held.client, held.message, held.recipient, 'acknowledged');
      if (answer === null) this.ackAnswersLost++;
      else if (answer.type === 'accepted') this.acknowledged.add(`${held.message} ${held.recipient}`);
      else this.acksRefused++;
    });
  }

  /** Deliveries confirmed and waiting for `release`. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Acknowledges everything held, each client as fast as its window allows. */
  release(): void {
    for (const held of this.held.splice(0)) this.acknowledge(held);
  }

  /** Runs a client's commands in order of asking, at most WINDOW at once. */
  private queue(client: OperatorClient, task: () => Promise<void>): void {
    let queue = this.queues.get(client);
    if (!queue) {
      queue = { pending: [], inFlight: 0 };
      this.queues.set(client, queue);
    }
    queue.pending.push(task);
    this.pump(queue);
  }

  private pump(queue: { pending: (() => Promise<void>)[]; inFlight: number }): void {
    while (queue.inFlight < WINDOW && queue.pending.length > 0) {
      const task = queue.pending.shift() as () => Promise<void>;
      queue.inFlight++;
      void task().finally(() => {
        queue.inFlight--;
        this.pump(queue);
      });
    }
  }

  /** Commands waiting or in flight on any client. */
  get busy(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.inFlight + queue.pending.length;
    return count;
  }
}
