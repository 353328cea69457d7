import { DeclarationId, Version } from '../../deconfliction/declaration-schema.js';
import { problems } from '../problem.js';
import { commandSchema, Rfc3339 } from './fields.js';
import { defineCommand } from './handler.js';

export const declarationExpiryReminder = defineCommand({
  type: 'declaration.expiry-reminder',
  schema: commandSchema(
    'declaration.expiry-reminder',
    { declaration: DeclarationId, version: Version, valid_until: Rfc3339 },
    'Written by the hub to the owner of a site, zone or line before it lapses, so it can be renewed.',
  ),
  decide() {
    throw problems.forbidden('only the hub sends reminders');
  },
  apply(state, command) {
    const declaration = state.deconfliction.current(command.declaration, command.version);
    if (!declaration) throw new Error(`reminder for ${command.declaration}, which is not live`);
    declaration.reminded = true;
  },
});
