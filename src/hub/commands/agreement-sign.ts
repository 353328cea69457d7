import { unsignedParties } from '../../deconfliction/agreement.js';
import { problems } from '../problem.js';
import { agreementReaders } from '../who-may-see.js';
import { ownAgreement } from './agreement-party.js';
import { AgreementId } from './agreement-propose.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const agreementSign = defineCommand({
  type: 'agreement.sign',
  schema: commandSchema(
    'agreement.sign',
    { agreement: AgreementId },
    'Signs a proposed agreement for the author’s party. Administrators of a party to it.',
  ),
  decide(context, command) {
    const agreement = ownAgreement(context, command.agreement);
    if (!unsignedParties(agreement).includes(context.author.party)) {
      throw problems.conflict(
        `${context.author.party} has already signed ${agreement.id}`,
        '/command/agreement',
      );
    }
    return { visibility: agreementReaders(agreement) };
  },
  apply(state, command, entry) {
    const agreement = state.deconfliction.agreements.get(command.agreement);
    if (!agreement) throw new Error(`agreement.sign for unknown ${command.agreement}`);
    const author = entry.author as { party: string; operator: string };
    agreement.signatures.push({
      party: author.party,
      operator: author.operator,
      time: entry.time,
      entry: state.size,
    });
    if (unsignedParties(agreement).length === 0) {
      agreement.status = 'in-force';
      state.deconfliction.agreementsChanged();
    }
  },
});
