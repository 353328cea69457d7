import { Type } from '@sinclair/typebox';
import { partiesYetToAgree } from '../../witness/witness-policy.js';
import { problems } from '../problem.js';
import { requirePartyAdministrator } from './authority.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { WitnessProposalId } from './witnesses-propose.js';

export const witnessesAgree = defineCommand({
  type: 'witnesses.agree',
  schema: commandSchema(
    'witnesses.agree',
    {
      proposal: WitnessProposalId,
      digest: Type.String({
        pattern: '^[0-9a-f]{64}$',
        description: 'The proposal’s digest as shown by GET /v1/record/witnesses: agreeing to exactly it.',
      }),
    },
    'Agrees, for the author’s party, to a proposed witness policy. Administrators of a party registered when it was proposed.',
  ),
  decide({ state, author }, command) {
    requirePartyAdministrator(author);
    const proposal = state.witnessing.proposals.get(command.proposal);
    if (!proposal) throw problems.notFound(`no witness proposal ${command.proposal}`, '/command/proposal');
    if (proposal.status !== 'proposed') {
      throw problems.conflict(`witness proposal ${proposal.id} is ${proposal.status}`, '/command/proposal');
    }
    if (!proposal.parties.includes(author.party)) {
      throw problems.forbidden(
        `${author.party} was not registered when ${proposal.id} was proposed; propose a policy of your own`,
      );
    }
    if (!partiesYetToAgree(proposal).includes(author.party)) {
      throw problems.conflict(`${author.party} has already agreed to ${proposal.id}`, '/command/proposal');
    }
    if (command.digest !== proposal.digest) {
      throw problems.conflict(
        `the digest of ${proposal.id} is ${proposal.digest}: you were shown another policy`,
        '/command/digest',
      );
    }
    return { visibility: ['*'] };
  },
  apply(state, command, entry) {
    const author = entry.author as { party: string; operator: string };
    state.witnessing.agree(command.proposal, {
      party: author.party,
      operator: author.operator,
      time: entry.time,
      entry: state.size,
    });
  },
});
