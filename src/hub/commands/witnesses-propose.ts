import { Type } from '@sinclair/typebox';
import { OWNED_ID_PATTERN } from '../../deconfliction/declaration-schema.js';
import { witnessPolicyProblems } from '../../witness/policy-problems.js';
import { policyDigest } from '../../witness/witness-policy.js';
import { problems } from '../problem.js';
import { requirePartyAdministrator } from './authority.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const WitnessProposalId = Type.String({
  pattern: OWNED_ID_PATTERN,
  description: 'The proposing party’s id, a slash, then a name of its choosing.',
});

export const witnessesPropose = defineCommand({
  type: 'witnesses.propose',
  schema: commandSchema(
    'witnesses.propose',
    {
      proposal: Type.Object(
        {
          id: WitnessProposalId,
          witnesses: Type.Array(
            Type.Object(
              {
                name: Type.String({ minLength: 1, maxLength: 200 }),
                key: Type.String({
                  minLength: 1,
                  maxLength: 300,
                  description: 'The witness’s C2SP cosignature/v1 verifier key.',
                }),
                url: Type.String({
                  minLength: 1,
                  maxLength: 2000,
                  description: 'Where the hub sends checkpoints (tlog-witness add-checkpoint base URL).',
                }),
              },
              { additionalProperties: false },
            ),
            { maxItems: 20 },
          ),
          quorum: Type.Integer({ minimum: 0, maximum: 20, description: 'How many must cosign.' }),
        },
        { additionalProperties: false },
      ),
    },
    'Proposes who witnesses the hub; agreed by the proposer’s party, in force once every party registered now has agreed. Administrators.',
  ),
  decide({ state, author }, { proposal }) {
    requirePartyAdministrator(author);
    const found = witnessPolicyProblems(proposal).map((p) => ({
      field: `/command/proposal${p.path}`,
      reason: p.reason,
    }));
    if (!proposal.id.startsWith(`${author.party}/`)) {
      found.push({
        field: '/command/proposal/id',
        reason: `must begin with your party’s id: ${author.party}/`,
      });
    }
    if (found.length > 0) throw problems.badRequest('the witness policy is not valid', found);
    if (state.witnessing.proposals.has(proposal.id)) {
      throw problems.conflict(`witness proposal ${proposal.id} already exists`, '/command/proposal/id');
    }
    return { visibility: ['*'] };
  },
  apply(state, { proposal }, entry) {
    const author = entry.author as { party: string; operator: string };
    const policy = { witnesses: proposal.witnesses.map((w) => ({ ...w })), quorum: proposal.quorum };
    state.witnessing.propose({
      id: proposal.id,
      policy,
      digest: policyDigest(policy),
      parties: [...state.parties.keys()].sort(),
      agreements: [{ party: author.party, operator: author.operator, time: entry.time, entry: state.size }],
      status: 'proposed',
      proposed: entry.time,
    });
  },
});
