import { problems } from '../problem.js';
import { manageableOperator } from './authority.js';
import { commandSchema, KeyId, OperatorId } from './fields.js';
import { defineCommand } from './handler.js';

/**
 * Revokes a key at once, even an operator's last one: a key thought compromised must stop working
 * whatever the inconvenience to its party.
 */
export const keyRevoke = defineCommand({
  type: 'key.revoke',
  schema: commandSchema(
    'key.revoke',
    { operator: OperatorId, key: KeyId },
    'Revokes an operator key: it signs nothing more and its sessions end.',
  ),
  decide({ state, author }, command) {
    const target = manageableOperator(state, author, command.operator);
    const key = target.keys.find((candidate) => candidate.id === command.key);
    if (!key) throw problems.notFound(`operator ${target.id} has no key ${command.key}`, '/command/key');
    if (key.status === 'revoked') throw problems.conflict('the key is already revoked', '/command/key');
    return { visibility: ['*'] };
  },
  apply(state, command, entry) {
    const key = state.operators.get(command.operator)?.keys.find((candidate) => candidate.id === command.key);
    if (!key) throw new Error(`key.revoke entry for unknown key ${command.key}`);
    key.status = 'revoked';
    key.until = entry.time;
    state.keyChanged(key.id);
  },
});
