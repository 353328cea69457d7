import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import { commandSchema, DisplayName, NewOperator, PartyId } from './fields.js';
import { defineCommand } from './handler.js';
import { operatorFrom } from './new-operator.js';

/** The first entry of every record, signed by the hub's key: who the hub is and its first administrator. */
export const hubGenesis = defineCommand({
  type: 'hub.genesis',
  schema: commandSchema(
    'hub.genesis',
    {
      verifier_key: Type.String({ minLength: 1, maxLength: 300 }),
      party: Type.Object({ id: PartyId, name: DisplayName }, { additionalProperties: false }),
      administrator: NewOperator,
    },
    'Founds the hub: its checkpoint key, its own party and that party’s first administrator.',
  ),
  decide() {
    throw problems.forbidden('a hub is founded only once, by `deconflict init`');
  },
  apply(state, command, entry) {
    state.identity = { origin: command.hub, verifierKey: command.verifier_key, party: command.party.id };
    state.parties.set(command.party.id, {
      id: command.party.id,
      name: command.party.name,
      since: entry.time,
    });
    state.addOperator(operatorFrom(command.administrator, command.party.id, 'administrator', entry.time));
  },
});
