import { type TProperties, Type } from '@sinclair/typebox';
import { ROLES } from '../roles.js';

export const PartyId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{1,39}$',
  description: 'Lower-case letters, digits and hyphens, 2 to 40 characters.',
});
export const OperatorId = Type.String({
  pattern: '^[a-z0-9][a-z0-9.-]{1,63}$',
  description:
    '`<party>.<name>`: the party’s id, a dot, and lower-case letters, digits, dots and hyphens; 2 to 64 characters.',
});
export const KeyId = Type.String({ pattern: '^[0-9a-f]{16}$', description: 'An operator key id.' });
export const PublicKey = Type.String({
  pattern: '^[A-Za-z0-9+/]{43}=$',
  description: 'A raw 32-byte Ed25519 public key in base64.',
});
export const DisplayName = Type.String({ minLength: 1, maxLength: 120 });
export const RoleField = Type.Union(
  ROLES.map((role) => Type.Literal(role)),
  { description: 'administrator, duty-officer or viewer' },
);
export const Rfc3339 = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$',
  description: 'An RFC 3339 date-time.',
});

export const NewOperator = Type.Object(
  { id: OperatorId, name: DisplayName, public_key: PublicKey },
  { additionalProperties: false },
);

/**
 * Every signed command names the hub it is meant for, a fresh nonce and the time it was signed,
 * so it cannot be replayed here or at another hub.
 */
export function commandSchema<T extends string, P extends TProperties>(
  type: T,
  fields: P,
  description: string,
) {
  return Type.Object(
    {
      type: Type.Literal(type),
      hub: Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'The origin of the hub it is signed for.',
      }),
      nonce: Type.String({
        pattern: '^[A-Za-z0-9_-]{16,64}$',
        description: 'At least 96 random bits, base64url; never reused by a key.',
      }),
      time: Rfc3339,
      ...fields,
    },
    { additionalProperties: false, title: type, description },
  );
}
