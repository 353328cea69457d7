// Who is asked next. A message to a roster goes first to the first member on duty and on line (or,
// if nobody on duty is on line, the first on duty); each missed deadline moves it to the next member
// on duty after the one asked, then to the duty chief, then to every operator of the party. A
// message to a party with no roster for it goes to the whole party at once.
import type { Step } from './delivery.js';
import { onDuty, type Roster } from './roster.js';

export function firstStep(roster: Roster | null, at: number, online: (operator: string) => boolean): Step {
  if (roster === null) return { kind: 'party' };
  const onDutyMembers = roster.members
    .map((member, position) => ({ member, position }))
    .filter(({ member }) => onDuty(member, at));
  const choice = onDutyMembers.find(({ member }) => online(member.operator)) ?? onDutyMembers[0];
  if (choice) return { kind: 'member', operator: choice.member.operator, position: choice.position };
  return { kind: 'chief', operator: roster.chief };
}

/** The step after `step`, or null when the whole party has already been asked. */
export function nextStep(roster: Roster | null, step: Step, at: number): Step | null {
  if (step.kind === 'party' || roster === null) return null;
  if (step.kind === 'chief') return { kind: 'party' };
  for (let position = step.position + 1; position < roster.members.length; position++) {
    const member = roster.members[position];
    if (member && onDuty(member, at)) return { kind: 'member', operator: member.operator, position };
  }
  return { kind: 'chief', operator: roster.chief };
}

export function stepLabel(step: Step): string {
  return step.kind === 'party'
    ? 'every operator of the party'
    : step.kind === 'chief'
      ? `duty chief ${step.operator}`
      : step.operator;
}
