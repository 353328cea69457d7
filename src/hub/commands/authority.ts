import { problems } from '../problem.js';
import type { HubState, Operator } from '../state.js';

/** The target operator, if the author may manage it: itself, or an administrator of its party. */
export function manageableOperator(state: HubState, author: Operator, operatorId: string): Operator {
  const target = state.operators.get(operatorId);
  // Another party's operators are reported as absent: their existence is theirs to share.
  if (!target || target.party !== author.party) {
    throw problems.notFound(`no operator ${operatorId} in party ${author.party}`, '/command/operator');
  }
  if (target.id !== author.id && author.role !== 'administrator') {
    throw problems.forbidden('only the operator itself or an administrator of its party may do this');
  }
  return target;
}

export function requirePartyAdministrator(author: Operator): void {
  if (author.role !== 'administrator') throw problems.forbidden('only a party administrator may do this');
}
