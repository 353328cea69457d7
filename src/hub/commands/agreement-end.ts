import { agreementReaders } from '../who-may-see.js';
import { ownAgreement } from './agreement-party.js';
import { AgreementId, AgreementReason } from './agreement-propose.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const agreementEnd = defineCommand({
  type: 'agreement.end',
  schema: commandSchema(
    'agreement.end',
    { agreement: AgreementId, reason: AgreementReason },
    'Ends an agreement, proposed, in force or suspended; any party to it may. Its minima stop applying at once.',
  ),
  decide(context, command) {
    const agreement = ownAgreement(context, command.agreement);
    return { visibility: agreementReaders(agreement) };
  },
  apply(state, command, entry) {
    const agreement = state.deconfliction.agreements.get(command.agreement);
    if (!agreement) throw new Error(`agreement.end for unknown ${command.agreement}`);
    const author = entry.author as { party: string; operator: string };
    agreement.status = 'ended';
    agreement.ended = {
      party: author.party,
      operator: author.operator,
      time: entry.time,
      reason: command.reason,
    };
    state.deconfliction.agreementsChanged();
  },
});
