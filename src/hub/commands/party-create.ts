import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import { commandSchema, DisplayName, NewOperator, PartyId } from './fields.js';
import { defineCommand } from './handler.js';
import { checkNewOperator, operatorFrom } from './new-operator.js';

export const partyCreate = defineCommand({
  type: 'party.create',
  schema: commandSchema(
    'party.create',
    {
      party: Type.Object({ id: PartyId, name: DisplayName }, { additionalProperties: false }),
      administrator: NewOperator,
    },
    'Admits a party with its first administrator, whose id is `<party>.<name>`. Hub administrators only.',
  ),
  decide({ state, author }, command) {
    if (!state.isHubAdministrator(author))
      throw problems.forbidden('only a hub administrator may admit a party');
    if (state.parties.has(command.party.id)) {
      throw problems.conflict(`party ${command.party.id} already exists`, '/command/party/id');
    }
    checkNewOperator(state, command.administrator, command.party.id, '/command/administrator');
    // The directory of parties and operators' keys is shared with all, so anyone can check signatures.
    return { visibility: ['*'] };
  },
  apply(state, command, entry) {
    state.parties.set(command.party.id, {
      id: command.party.id,
      name: command.party.name,
      since: entry.time,
    });
    state.addOperator(operatorFrom(command.administrator, command.party.id, 'administrator', entry.time));
  },
});
