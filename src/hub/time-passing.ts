// What the passing of time, or an operator gone off line past the grace, makes the hub write:
// reminders before standing declarations lapse, their expiry, the escalation of deliveries nobody
// acknowledged, and when an urgent request expires, the notices saying so.
// Each is worked out against the state now and re-checked in the writer's turn, since a command
// ahead of it in the queue (an amend, an acknowledgment) may have made it moot.

import { awaitingAcknowledgment } from '../hotline/delivery.js';
import { nextStep } from '../hotline/escalation.js';
import type { DueDelivery } from '../hotline/hotline-state.js';
import { stepCount } from '../hotline/hotline-state.js';
import { deliveryParties } from '../hotline/message.js';
import { offlineGraceS } from '../hotline/offline-grace.js';
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

/** When the step a delivery is on was taken: its deadline counts from then. */
const stepTakenAt = (delivery: DueDelivery['delivery']) => delivery.deadline - delivery.deadlineS * 1000;

/**
 * The one asked left every hub at `leftAt`: what it was asked before then moves on once the grace
 * agreed for it has passed with them still away (`work`); `graceEnds` is when the next of the rest
 * is due, or null when none is left. What it was asked after leaving (nobody being on line) waits
 * for its deadline, as it always did.
 */
export function offlineWork(
  state: HubState,
  operator: string,
  leftAt: number,
  now: number,
  online: Online,
): { work: HubWork[]; graceEnds: number | null } {
  const work: HubWork[] = [];
  let graceEnds: number | null = null;
  for (const due of state.hotline.waitingOn(operator)) {
    const { message, delivery } = due;
    if (delivery.state !== 'sent' && delivery.state !== 'delivered' && delivery.state !== 'read') continue;
    if (stepTakenAt(delivery) > leftAt) continue;
    const ends =
      leftAt + offlineGraceS(state.deconfliction.agreements.values(), message.party, delivery.party) * 1000;
    if (ends <= now) work.push(escalation(state, due, now, 'offline', online));
    else graceEnds = graceEnds === null ? ends : Math.min(graceEnds, ends);
  }
  return { work, graceEnds };
}
