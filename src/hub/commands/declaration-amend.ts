import { Type } from '@sinclair/typebox';
import { DeclarationBody, KnownConflicts, Version } from '../../deconfliction/declaration-schema.js';
import { problems } from '../problem.js';
import { admit, checkDeclaration, declarationFrom, requireDeclarer } from './declaration-admission.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { ownDeclaration } from './own-declaration.js';

export const declarationAmend = defineCommand({
  type: 'declaration.amend',
  schema: commandSchema(
    'declaration.amend',
    {
      declaration: DeclarationBody,
      replaces_version: Type.Integer({
        minimum: 1,
        maximum: Version.maximum,
        description: 'The current version, which this one replaces.',
      }),
      known_conflicts: KnownConflicts,
    },
    'Replaces a live declaration of the author’s party with a new version, checked like a new one.',
  ),
  decide(context, command) {
    requireDeclarer(context.author);
    const current = ownDeclaration(
      context,
      command.declaration.id,
      command.replaces_version,
      '/command/declaration/id',
    );
    const read = checkDeclaration(context, command.declaration);
    if (current.kind !== command.declaration.kind) {
      throw problems.badRequest(
        `${current.id} is a ${current.kind}; withdraw it and declare a ${command.declaration.kind} instead`,
        [{ field: '/command/declaration/kind', reason: `must stay ${current.kind}` }],
      );
    }
    return admit(context, command.declaration, read, current.version + 1, command.known_conflicts);
  },
  apply(state, command, entry) {
    state.deconfliction.put(declarationFrom(state, command.declaration, command.replaces_version + 1, entry));
  },
});
