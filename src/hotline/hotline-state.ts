// The hotline part of the hub's state: rosters, messages and their deliveries, and the deadlines
// still running. Changed only by the entry handlers; the deadlines are rebuilt with the rest on
// replay, so they survive a restart.
import TinyQueue from 'tinyqueue';
import { awaitingAcknowledgment, type Delivery } from './delivery.js';
import type { Message } from './message.js';
import type { Roster } from './roster.js';

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

export class HotlineState {
  readonly rosters = new Map<string, Roster>();
  readonly messages = new Map<string, Message>();
  private readonly deadlines = new TinyQueue<Running>([], (a, b) => a.at - b.at);

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
