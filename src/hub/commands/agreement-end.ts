import { Type } from '@sinclair/typebox';
import { ownAgreement } from './agreement-party.js';
import { AgreementId } from './agreement-propose.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const agreementEnd = defineCommand({
  type: 'agreement.end',
  schema: commandSchema(
    'agreement.end',
    { agreement: AgreementId, reason: Type.String({ minLength: 1, maxLength: 2000 }) },
    'Ends an agreement, proposed or in force; any party to it may. Its minima stop applying at once.',
  ),
  decide(context, command) {
    const agreement = ownAgreement(context, command.agreement);
    return { visibility: [...agreement.parties].sort() };
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
