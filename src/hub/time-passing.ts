// What the passing of time, or an operator going off line, makes the hub write: reminders before
// standing declarations lapse, their expiry, the escalation of deliveries nobody acknowledged, and
// when an urgent request expires, the notices saying so.
// Each is worked out against the state now and re-checked in the writer's turn, since a command
// ahead of it in the queue (an amend, an acknowledgment) may have made it moot.

import { awaitingAcknowledgment } from '../hotline/delivery.js';
import { nextStep } from '../hotline/escalation.js';
import type { DueDelivery } from '../hotline/hotline-state.js';
import { stepCount } from '../hotline/hotline-state.js';
import { deliveryParties } from '../hotline/message.js';
import type { StepReason } from './commands/delivery-step.js';
import { deliveryStepCommand } from './commands/delivery-step.js';
import { expiryNotices } from './commands/expiry-notices.js';
import type { HubConsequence } from './commands/handler.js';
import { declarationExpire, declarationExpiryReminder, deliveryExpire } from './commands/index.js';
import type { HubState } from './state.js';

export interface HubWork {
  consequence: HubConsequence;
  /** Whether it is still to be done in the state of the writer's turn. */
  stillDue(state: HubState): boolean;
  /** What the hub writes right after it, in the same turn (the hotline notices of an alert). */
  followedBy?(state: HubState, now: number, online: Online): HubConsequence[];
}

export function declarationWork(state: HubState, now: number): HubWork[] {
  return state.deconfliction.takeDue(now).map(({ what, declaration }) => ({
    consequence: {
      command: {
        type: what === 'expire' ? declarationExpire.type : declarationExpiryReminder.type,
        declaration: declaration.id,
        version: declaration.version,
        ...(what === 'remind' ? { valid_until: new Date(declaration.validUntil).toISOString() } : {}),
      },
      visibility: what === 'expire' ? declaration.visibility : [declaration.party],
    },
    stillDue: (s) => s.deconfliction.current(declaration.id, declaration.version) !== null,
  }));
}

/** Whether an operator has a client connected. */
export type Online = (operator: string) => boolean;

function escalation(
  state: HubState,
  { message, delivery }: DueDelivery,
  now: number,
  reason: StepReason,
  online: Online,
): HubWork {
  const roster = state.hotline.rosterFor(delivery.party, delivery.roster ?? undefined);
  const next = nextStep(roster, delivery.step, now, online);
  const visibility = deliveryParties(message, delivery.party);
  const steps = stepCount(delivery);
  const consequence: HubConsequence =
    next === null
      ? {
          command: { type: deliveryExpire.type, message: message.id, recipient: delivery.recipient },
          visibility,
        }
      : deliveryStepCommand(
          {
            message: message.id,
            recipient: delivery.recipient,
            step: next,
            deadline: now + delivery.deadlineS * 1000,
            deadlineS: delivery.deadlineS,
            reason,
          },
          visibility,
        );
  return {
    consequence,
    ...(next === null
      ? { followedBy: (s: HubState, at: number, on: Online) => expiryNotices(s, message, delivery, at, on) }
      : {}),
    // Still unacknowledged, and no other step taken since (a receipt short of acknowledging does not
    // stop the escalation: the one asked has seen it but not answered).
    stillDue: (s) => {
      const now = s.hotline.delivery(message.id, delivery.recipient);
      return (
        now !== null &&
        !now.message.withdrawn &&
        awaitingAcknowledgment(now.delivery) &&
        now.delivery.state !== 'expired' &&
        stepCount(now.delivery) === steps
      );
    },
  };
}

export function deadlineWork(state: HubState, now: number, online: Online): HubWork[] {
  return state.hotline.takeDue(now).map((due) => escalation(state, due, now, 'deadline', online));
}

/** The one asked has gone off line: nobody should wait on it, so its deliveries move on at once. */
export function offlineWork(state: HubState, operator: string, now: number, online: Online): HubWork[] {
  return state.hotline
    .waitingOn(operator)
    .filter(
      ({ delivery }) =>
        delivery.state === 'sent' || delivery.state === 'delivered' || delivery.state === 'read',
    )
    .map((due) => escalation(state, due, now, 'offline', online));
}
