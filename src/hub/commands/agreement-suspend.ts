// A party withholds its consent to an agreement in force, without ending it: while suspended, its
// terms do not apply — the hub's own minima, deadlines, limits, grace and contact take their place —
// and its zones and lines bind nobody. Its parties' hotline stays open: messages between them flow
// and escalate as between any parties. Only an agreement in force can be suspended: one awaiting
// signatures is not yet in force, a suspended one already is, an ended one is gone.
import { problems } from '../problem.js';
import { agreementReaders } from '../who-may-see.js';
import { ownAgreement } from './agreement-party.js';
import { AgreementId, AgreementReason } from './agreement-propose.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const agreementSuspend = defineCommand({
  type: 'agreement.suspend',
  schema: commandSchema(
    'agreement.suspend',
    { agreement: AgreementId, reason: AgreementReason },
    'Suspends an agreement in force; any party to it may, with a reason. Until every party has signed ' +
      'its resumption (agreement.resume), its terms give way to the hub’s defaults and its zones and lines ' +
      'bind nobody; messages between its parties still flow. Administrators of a party to it.',
  ),
  decide(context, command) {
    const agreement = ownAgreement(context, command.agreement);
    if (agreement.status !== 'in-force') {
      throw problems.conflict(
        `agreement ${agreement.id} is ${agreement.status}, not in force: only an agreement in force can be suspended`,
        '/command/agreement',
      );
    }
    return { visibility: agreementReaders(agreement) };
  },
  apply(state, command, entry) {
    const agreement = state.deconfliction.agreements.get(command.agreement);
    if (!agreement) throw new Error(`agreement.suspend for unknown ${command.agreement}`);
    const author = entry.author as { party: string; operator: string };
    agreement.status = 'suspended';
    agreement.suspensions = [
      ...(agreement.suspensions ?? []),
      {
        party: author.party,
        operator: author.operator,
        time: entry.time,
        entry: state.size,
        reason: command.reason,
        resumptions: [],
      },
    ];
    state.deconfliction.agreementsChanged();
  },
});
