import { Type } from '@sinclair/typebox';
import { DeclarationId, Version } from '../../deconfliction/declaration-schema.js';
import { requireDeclarer } from './declaration-admission.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { ownDeclaration } from './own-declaration.js';

export const declarationWithdraw = defineCommand({
  type: 'declaration.withdraw',
  schema: commandSchema(
    'declaration.withdraw',
    {
      declaration: DeclarationId,
      version: Version,
      reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    },
    'Withdraws a live declaration of the author’s party; those who could see it see it withdrawn.',
  ),
  decide(context, command) {
    requireDeclarer(context.author);
    const declaration = ownDeclaration(context, command.declaration, command.version, '/command/declaration');
    return { visibility: declaration.visibility };
  },
  apply(state, command, entry) {
    state.deconfliction.end(command.declaration, 'withdrawn', entry.time, state.size);
  },
});
