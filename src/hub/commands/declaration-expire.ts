import { DeclarationId, Version } from '../../deconfliction/declaration-schema.js';
import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

export const declarationExpire = defineCommand({
  type: 'declaration.expire',
  schema: commandSchema(
    'declaration.expire',
    { declaration: DeclarationId, version: Version },
    'Written by the hub when a declaration’s validity has ended: it leaves the live picture.',
  ),
  decide() {
    throw problems.forbidden('only the hub expires declarations');
  },
  apply(state, command, entry) {
    state.deconfliction.end(command.declaration, 'expired', entry.time, state.size);
  },
});
