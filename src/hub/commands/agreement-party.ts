import type { Agreement } from '../../deconfliction/agreement.js';
import { problems } from '../problem.js';
import { maySeeAgreement } from '../who-may-see.js';
import { requirePartyAdministrator } from './authority.js';
import type { DecideContext } from './handler.js';

/** An agreement the author's party is party to, acted on by one of its administrators. */
export function ownAgreement({ state, author }: DecideContext, id: string): Agreement {
  requirePartyAdministrator(author);
  const agreement = state.deconfliction.agreements.get(id);
  // To a party that may not see it, an agreement does not exist.
  if (!agreement || !maySeeAgreement(agreement, author.party)) {
    throw problems.notFound(`your party has no agreement ${id}`, '/command/agreement');
  }
  if (agreement.status === 'ended')
    throw problems.conflict(`agreement ${id} has ended`, '/command/agreement');
  return agreement;
}
