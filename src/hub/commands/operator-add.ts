import { requirePartyAdministrator } from './authority.js';
import { commandSchema, NewOperator, RoleField } from './fields.js';
import { defineCommand } from './handler.js';
import { checkNewOperator, operatorFrom } from './new-operator.js';

export const operatorAdd = defineCommand({
  type: 'operator.add',
  schema: commandSchema(
    'operator.add',
    { operator: NewOperator, role: RoleField },
    'Adds an operator with its key and role to the author’s own party, its id under the party’s prefix (`<party>.<name>`). Party administrators only.',
  ),
  decide({ state, author }, command) {
    requirePartyAdministrator(author);
    checkNewOperator(state, command.operator, author.party, '/command/operator');
    return { visibility: ['*'] };
  },
  apply(state, command, entry) {
    const party = entryParty(entry.author);
    state.addOperator(operatorFrom(command.operator, party, command.role, entry.time));
  },
});

function entryParty(author: { party: string } | { hub: string }): string {
  if (!('party' in author)) throw new Error('operator.add entry without an operator author');
  return author.party;
}
