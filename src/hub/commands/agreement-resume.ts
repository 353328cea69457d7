// A party's consent to a suspended agreement again. It is in force once every party has signed the
// resumption since the suspension — the suspending party too — as it came into force only once every
// party had signed it: a suspension withdrew one party's consent, and none may speak for another's.
import { currentSuspension, unresumedParties } from '../../deconfliction/agreement.js';
import { problems } from '../problem.js';
import { agreementReaders } from '../who-may-see.js';
import { ownAgreement } from './agreement-party.js';
import { AgreementId } from './agreement-propose.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const agreementResume = defineCommand({
  type: 'agreement.resume',
  schema: commandSchema(
    'agreement.resume',
    { agreement: AgreementId },
    'Signs, for the author’s party, the resumption of a suspended agreement; in force again, with its ' +
      'terms, zones and lines, once every party has signed it since the suspension. Administrators of a party to it.',
  ),
  decide(context, command) {
    const agreement = ownAgreement(context, command.agreement);
    if (agreement.status !== 'suspended') {
      throw problems.conflict(
        `agreement ${agreement.id} is ${agreement.status}, not suspended: only a suspended agreement can be resumed`,
        '/command/agreement',
      );
    }
    if (!unresumedParties(agreement).includes(context.author.party)) {
      throw problems.conflict(
        `${context.author.party} has already signed the resumption of ${agreement.id}`,
        '/command/agreement',
      );
    }
    return { visibility: agreementReaders(agreement) };
  },
  apply(state, command, entry) {
    const agreement = state.deconfliction.agreements.get(command.agreement);
    const suspension = agreement && currentSuspension(agreement);
    if (!agreement || !suspension)
      throw new Error(`agreement.resume for ${command.agreement}, not suspended`);
    const author = entry.author as { party: string; operator: string };
    suspension.resumptions.push({
      party: author.party,
      operator: author.operator,
      time: entry.time,
      entry: state.size,
    });
    if (unresumedParties(agreement).length === 0) {
      suspension.resumed = entry.time;
      agreement.status = 'in-force';
      state.deconfliction.agreementsChanged();
    }
  },
});
