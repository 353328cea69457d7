// One message for one recipient, and the states it moves through. Receipts only move it forward;
// the hub moves it along the escalation steps while nobody has acknowledged it.

import type { Repeat } from './repeats.js';

export const RECEIPT_STATES = ['delivered', 'read', 'acknowledged', 'passed-on'] as const;
export type ReceiptState = (typeof RECEIPT_STATES)[number];
export type DeliveryState = 'sent' | ReceiptState | 'expired' | 'withdrawn';

const ORDER: Record<DeliveryState, number> = {
  sent: 0,
  delivered: 1,
  read: 2,
  acknowledged: 3,
  'passed-on': 4,
  expired: 5,
  withdrawn: 5,
};

/** Who is being asked to act on a delivery: one operator, the duty chief, or the whole party. */
export type Step =
  | { kind: 'member'; operator: string; position: number }
  | { kind: 'chief'; operator: string }
  | { kind: 'party' };

export interface DeliveryEvent {
  state: DeliveryState | 'routed' | 'escalated' | 'grouped';
  time: string;
  entry: number;
  operator?: string;
  step?: Step;
  /** What the operator added to a receipt, e.g. which units it was passed on to. */
  note?: string;
}

export interface Delivery {
  message: string;
  /** "<party>" or "<party>/<roster duty>". */
  recipient: string;
  party: string;
  roster: string | null;
  state: DeliveryState;
  step: Step;
  /** Milliseconds: when the current step must be acknowledged by. */
  deadline: number;
  deadlineS: number;
  history: DeliveryEvent[];
  acknowledgedBy?: string;
  /** A repeat: the earlier delivery of the same request it is grouped with, which rings for both. */
  groupedWith?: string;
  /** The repeats grouped with this delivery, oldest first. */
  repeats?: Repeat[];
}

/** Whether a receipt would move the delivery forward. */
export function movesForward(delivery: Delivery, state: ReceiptState): boolean {
  if (delivery.state === 'expired' || delivery.state === 'withdrawn')
    return state === 'acknowledged' && delivery.state === 'expired';
  return ORDER[state] > ORDER[delivery.state];
}

/** Waiting for the recipient's acknowledgment, on a roster of its own (not as a repeat of another). */
export function ringing(delivery: Delivery): boolean {
  return awaitingAcknowledgment(delivery) && delivery.groupedWith === undefined;
}

/** Not acknowledged yet: someone is being asked, and its deadline counts. */
export function awaitingAcknowledgment(delivery: Pick<Delivery, 'state'>): boolean {
  return ORDER[delivery.state] < ORDER.acknowledged;
}
