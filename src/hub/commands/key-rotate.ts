import { decodePublicKey, operatorKeyId } from '../operator-key.js';
import { manageableOperator } from './authority.js';
import { commandSchema, OperatorId, PublicKey } from './fields.js';
import { defineCommand } from './handler.js';
import { checkNewKey } from './new-operator.js';

export const keyRotate = defineCommand({
  type: 'key.rotate',
  schema: commandSchema(
    'key.rotate',
    { operator: OperatorId, public_key: PublicKey },
    'Gives an operator a new key; its previous keys stop signing but still verify what they signed.',
  ),
  decide({ state, author }, command) {
    manageableOperator(state, author, command.operator);
    checkNewKey(state, command.public_key, '/command/public_key');
    return { visibility: ['*'] };
  },
  apply(state, command, entry) {
    const target = state.operators.get(command.operator);
    const raw = decodePublicKey(command.public_key);
    if (!target || !raw) throw new Error(`key.rotate entry for unknown operator ${command.operator}`);
    for (const key of target.keys) {
      if (key.status === 'active') {
        key.status = 'rotated';
        key.until = entry.time;
        state.keyChanged(key.id);
      }
    }
    state.addKey(target, {
      id: operatorKeyId(raw),
      publicKey: command.public_key,
      status: 'active',
      since: entry.time,
    });
  },
});
