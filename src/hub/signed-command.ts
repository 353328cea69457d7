import { Type } from '@sinclair/typebox';
import { KeyId } from './commands/fields.js';

/** What a client sends: a command, the id of the key that signed it, and the signature. */
export const SignedCommandSchema = Type.Object(
  {
    command: Type.Object(
      { type: Type.String({ maxLength: 64 }) },
      { additionalProperties: true, description: 'The command; its schema depends on its type.' },
    ),
    key: KeyId,
    signature: Type.String({
      pattern: '^[A-Za-z0-9+/]{86}==$',
      description: 'Ed25519 signature, base64, over the RFC 8785 canonical JSON of `command`.',
    }),
  },
  { additionalProperties: false, title: 'SignedCommand' },
);

export interface SignedCommand {
  command: { type: string; [field: string]: unknown };
  key: string;
  signature: string;
}
