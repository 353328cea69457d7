import { DeclarationBody, KnownConflicts } from '../../deconfliction/declaration-schema.js';
import { problems } from '../problem.js';
import { admit, checkDeclaration, declarationFrom, requireDeclarer } from './declaration-admission.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const declarationSubmit = defineCommand({
  type: 'declaration.submit',
  schema: commandSchema(
    'declaration.submit',
    { declaration: DeclarationBody, known_conflicts: KnownConflicts },
    'Declares a site, movement, operation, zone or line as version 1. Administrators and duty officers.',
  ),
  decide(context, command) {
    requireDeclarer(context.author);
    const read = checkDeclaration(context, command.declaration);
    if (context.state.deconfliction.declarations.has(command.declaration.id)) {
      throw problems.conflict(
        `${command.declaration.id} is already declared: amend it, or choose another id`,
        '/command/declaration/id',
      );
    }
    return admit(context, command.declaration, read, 1, command.known_conflicts);
  },
  apply(state, command, entry) {
    state.deconfliction.put(declarationFrom(state, command.declaration, 1, entry));
  },
});
