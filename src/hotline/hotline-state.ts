// The hotline part of the hub's state: rosters, messages and their deliveries, the deadlines still
// running, when each party last sent each recipient (for the send limits), which request a repeat
// joins, and who was refused for sending too much. Changed only by the entry handlers; all of it is
// rebuilt with the rest on replay, so it survives a restart.
import TinyQueue from 'tinyqueue';
import { awaitingAcknowledgment, type Delivery, type DeliveryEvent } from './delivery.js';
import type { Message } from './message.js';
import type { MessageKind } from './message-schema.js';
import type { RefusedSender } from './refused-senders.js';
import type { Roster } from './roster.js';
import { MAX_SEND_WINDOW_S } from './send-limits.js';

interface Running {
  at: number;
  message: string;
  recipient: string;
  /** The delivery's history length when armed: a later step or receipt makes it stale. */
  steps: number;
}

export interface DueDelivery {
  message: Message;
  delivery: Delivery;
}

/** The hotline state as plain data, in the order it was added; deadlines as their heap array. */
export interface HotlineSnapshot {
  rosters: [string, Roster][];
  messages: Message[];
  deadlines: Running[];
  sent: [string, number[]][];
  firsts: [string, string][];
  refusedSenders: [string, RefusedSender][];
}

export class HotlineState {
  readonly rosters = new Map<string, Roster>();
  readonly messages = new Map<string, Message>();
  private deadlines = new TinyQueue<Running>([], (a, b) => a.at - b.at);
  /** When each party sent messages of each kind to each recipient (ms, ascending), for the send limits. */
  private readonly sent = new Map<string, number[]>();
  /** The delivery each party's repeats are grouped with, by party, recipient and subject. */
  private readonly firsts = new Map<string, string>();
  /** Senders refused for sending too much, by party, operator, recipient and kind. */
  readonly refusedSenders = new Map<string, RefusedSender>();

  snapshot(): HotlineSnapshot {
    return {
      rosters: [...this.rosters],
      messages: [...this.messages.values()],
      deadlines: this.deadlines.data,
      sent: [...this.sent],
      firsts: [...this.firsts],
      refusedSenders: [...this.refusedSenders],
    };
  }

  static restore(snapshot: HotlineSnapshot): HotlineState {
    const state = new HotlineState();
    for (const [key, roster] of snapshot.rosters) state.rosters.set(key, roster);
    for (const message of snapshot.messages) state.messages.set(message.id, message);
    // A heap array is already a heap: TinyQueue's heapify moves nothing in it.
    state.deadlines = new TinyQueue(snapshot.deadlines, (a, b) => a.at - b.at);
    for (const [key, times] of snapshot.sent) state.sent.set(key, times);
    for (const [key, id] of snapshot.firsts) state.firsts.set(key, id);
    for (const [key, refused] of snapshot.refusedSenders) state.refusedSenders.set(key, refused);
    return state;
  }

  recordSent(party: string, recipient: string, kind: MessageKind, at: number): void {
    const key = `${party}\n${recipient}\n${kind}`;
    const times = this.sent.get(key) ?? [];
    times.push(at);
    // No agreement's window is longer: older times can no longer count.
    while ((times[0] as number) <= at - MAX_SEND_WINDOW_S * 1000) times.shift();
    this.sent.set(key, times);
  }

  /** When `party` sent messages of `kind` to `recipient` within the longest window, oldest first. */
  sentTimes(party: string, recipient: string, kind: MessageKind): readonly number[] {
    return this.sent.get(`${party}\n${recipient}\n${kind}`) ?? [];
  }

  /** The delivery a repeat of `subject` from `party` to `recipient` is grouped with, if one still waits. */
  openFirst(party: string, recipient: string, subject: string): DueDelivery | null {
    const id = this.firsts.get(`${party}\n${recipient}\n${subject}`);
    const found = id === undefined ? null : this.delivery(id, recipient);
    return found && !found.message.withdrawn && awaitingAcknowledgment(found.delivery) ? found : null;
  }

  /** A party's message was routed to a recipient as a request of its own: later repeats join it. */
  routedFirst(message: Message, delivery: Delivery): void {
    if (message.party === null || message.subject === undefined) return;
    this.firsts.set(`${message.party}\n${delivery.recipient}\n${message.subject}`, message.id);
  }

  /** The repeats of a delivery share what settles it (acknowledged, passed on, expired, withdrawn). */
  settleRepeats(delivery: Delivery, event: DeliveryEvent): void {
    for (const repeat of delivery.repeats ?? []) {
      const found = this.delivery(repeat.message, delivery.recipient);
      if (!found || found.message.withdrawn || !awaitingAcknowledgment(found.delivery)) continue;
      found.delivery.state = delivery.state;
      if (delivery.acknowledgedBy) found.delivery.acknowledgedBy = delivery.acknowledgedBy;
      found.delivery.history.push({ ...event, note: `with ${delivery.message}` });
    }
  }

  /** A party's rosters, by duty. */
  rostersOf(party: string): Roster[] {
    return [...this.rosters.values()]
      .filter((roster) => roster.party === party)
      .sort((a, b) => (a.duty < b.duty ? -1 : 1));
  }

  rosterFor(party: string, duty: string | undefined): Roster | null {
    return duty === undefined ? null : (this.rosters.get(`${party}/${duty}`) ?? null);
  }

  delivery(messageId: string, recipient: string): { message: Message; delivery: Delivery } | null {
    const message = this.messages.get(messageId);
    const delivery = message?.deliveries.find((d) => d.recipient === recipient);
    return message && delivery ? { message, delivery } : null;
  }

  arm(message: Message, delivery: Delivery): void {
    this.deadlines.push({
      at: delivery.deadline,
      message: message.id,
      recipient: delivery.recipient,
      steps: stepCount(delivery),
    });
  }

  /** The earliest running deadline, if any (possibly stale: takeDue skips those). */
  nextDeadline(): number | null {
    return this.deadlines.length > 0 ? (this.deadlines.peek() as Running).at : null;
  }

  /** Deliveries whose current step's deadline has passed unacknowledged, earliest first. */
  takeDue(now: number): DueDelivery[] {
    const due: DueDelivery[] = [];
    while (this.deadlines.length > 0 && (this.deadlines.peek() as Running).at <= now) {
      const next = this.deadlines.pop() as Running;
      const found = this.delivery(next.message, next.recipient);
      if (!found || !awaitingAcknowledgment(found.delivery) || found.delivery.state === 'expired') continue;
      if (found.message.withdrawn || stepCount(found.delivery) !== next.steps) continue;
      due.push(found);
    }
    return due;
  }

  /** Unacknowledged deliveries whose current step asks this one operator. */
  waitingOn(operator: string): DueDelivery[] {
    const found: DueDelivery[] = [];
    for (const message of this.messages.values()) {
      if (message.withdrawn) continue;
      for (const delivery of message.deliveries) {
        const step = delivery.step;
        if (
          step.kind !== 'party' &&
          step.operator === operator &&
          awaitingAcknowledgment(delivery) &&
          delivery.state !== 'expired'
        ) {
          found.push({ message, delivery });
        }
      }
    }
    return found;
  }
}

/** How many steps a delivery has been routed through: a later step makes an earlier deadline stale. */
export function stepCount(delivery: Delivery): number {
  return delivery.history.filter((event) => event.state === 'routed' || event.state === 'escalated').length;
}
