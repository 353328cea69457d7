import { problems } from '../problem.js';
import { manageableOperator, requirePartyAdministrator } from './authority.js';
import { commandSchema, OperatorId, RoleField } from './fields.js';
import { defineCommand } from './handler.js';

export const operatorSetRole = defineCommand({
  type: 'operator.set-role',
  schema: commandSchema(
    'operator.set-role',
    { operator: OperatorId, role: RoleField },
    'Changes the role of an operator of the author’s party. Party administrators only.',
  ),
  decide({ state, author }, command) {
    requirePartyAdministrator(author);
    const target = manageableOperator(state, author, command.operator);
    if (target.role === 'administrator' && command.role !== 'administrator') {
      const administrators = [...state.operators.values()].filter(
        (operator) => operator.party === target.party && operator.role === 'administrator',
      );
      if (administrators.length === 1) {
        throw problems.conflict('a party keeps at least one administrator', '/command/role');
      }
    }
    return { visibility: ['*'] };
  },
  apply(state, command) {
    const target = state.operators.get(command.operator);
    if (!target) throw new Error(`operator.set-role entry for unknown operator ${command.operator}`);
    target.role = command.role;
  },
});
