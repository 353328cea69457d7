// Who is asked next. A message to a roster goes first to the first member on duty and on line (or,
// if nobody on duty is on line, the first on duty); each missed deadline moves it to the next member
// on duty after the one asked — the next on line if any is, since asking one who is not would
// waste a whole deadline — then to the duty chief if the roster has one, then to every operator of
// the party. A message
// to a party with no roster for it goes to the whole party at once.
import type { Step } from './delivery.js';
import { onDuty, type Roster } from './roster.js';

type Online = (operator: string) => boolean;

/** The members on duty from `from` on, the first on line among them first, else the first. */
function firstAvailable(roster: Roster, from: number, at: number, online: Online): Step | null {
  const onDutyMembers = roster.members
    .map((member, position) => ({ member, position }))
    .filter(({ member, position }) => position >= from && onDuty(member, at));
  const choice = onDutyMembers.find(({ member }) => online(member.operator)) ?? onDutyMembers[0];
  return choice ? { kind: 'member', operator: choice.member.operator, position: choice.position } : null;
}

/** Once no member is left: the duty chief, or the whole party when the roster names none. */
const afterMembers = (roster: Roster): Step =>
  roster.chief === undefined ? { kind: 'party' } : { kind: 'chief', operator: roster.chief };

export function firstStep(roster: Roster | null, at: number, online: Online): Step {
  if (roster === null) return { kind: 'party' };
  return firstAvailable(roster, 0, at, online) ?? afterMembers(roster);
}

/** The step after `step`, or null when the whole party has already been asked. */
export function nextStep(roster: Roster | null, step: Step, at: number, online: Online): Step | null {
  if (step.kind === 'party' || roster === null) return null;
  if (step.kind === 'chief') return { kind: 'party' };
  return firstAvailable(roster, step.position + 1, at, online) ?? afterMembers(roster);
}

export function stepLabel(step: Step): string {
  return step.kind === 'party'
    ? 'every operator of the party'
    : step.kind === 'chief'
      ? `duty chief ${step.operator}`
      : step.operator;
}
