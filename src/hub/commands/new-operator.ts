import type { Static } from '@sinclair/typebox';
import { decodePublicKey, operatorKeyId } from '../operator-key.js';
import { problems } from '../problem.js';
import type { Role } from '../roles.js';
import type { HubState, Operator } from '../state.js';
import type { NewOperator } from './fields.js';

/** Refuses an operator id or key that is already taken. */
export function checkNewOperator(state: HubState, fields: Static<typeof NewOperator>, field: string): void {
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
