import type { Static } from '@sinclair/typebox';
import { decodePublicKey, operatorKeyId } from '../operator-key.js';
import { problems } from '../problem.js';
import type { Role } from '../roles.js';
import type { HubState, Operator } from '../state.js';
import type { NewOperator } from './fields.js';

/**
 * An operator id belongs to its party: `<party>.<name>`. Party ids have no dots, so the prefix names
 * exactly one party, and no party can register a look-alike of another's officer.
 */
export function checkOperatorNamespace(party: string, id: string, field: string): void {
  if (!id.startsWith(`${party}.`) || id.length === party.length + 1) {
    throw problems.badRequest(`operator ids of party ${party} are ${party}.<name>`, [
      { field, reason: `must start with ${party}. (the operator's own party)` },
    ]);
  }
}

/** Refuses an operator id outside the party's namespace, or an id or key that is already taken. */
export function checkNewOperator(
  state: HubState,
  fields: Static<typeof NewOperator>,
  party: string,
  field: string,
): void {
  checkOperatorNamespace(party, fields.id, `${field}/id`);
  if (state.operators.has(fields.id))
    throw problems.conflict(`operator ${fields.id} already exists`, `${field}/id`);
  checkNewKey(state, fields.public_key, `${field}/public_key`);
}

export function checkNewKey(state: HubState, publicKey: string, field: string): string {
  const raw = decodePublicKey(publicKey);
  if (!raw) throw problems.badRequest('not a base64 Ed25519 public key', [{ field, reason: 'not 32 bytes' }]);
  const id = operatorKeyId(raw);
  if (state.keyHolder(id)) throw problems.conflict('this key is already registered', field);
  return id;
}

export function operatorFrom(
  fields: Static<typeof NewOperator>,
  party: string,
  role: Role,
  since: string,
): Operator {
  const raw = decodePublicKey(fields.public_key);
  if (!raw) throw new Error(`entry holds an invalid key for ${fields.id}`);
  return {
    id: fields.id,
    party,
    name: fields.name,
    role,
    keys: [{ id: operatorKeyId(raw), publicKey: fields.public_key, status: 'active', since }],
  };
}
