import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import { commandSchema, Rfc3339 } from './fields.js';
import { defineCommand } from './handler.js';
import { trackAlerts } from './track-alerts.js';

export const alertEnd = defineCommand({
  type: 'alert.end',
  schema: commandSchema(
    'alert.end',
    {
      alert: Type.String({ minLength: 1, maxLength: 600 }),
      time: Rfc3339,
      reason: Type.String({ minLength: 1, maxLength: 1000 }),
    },
    'Written by the hub: an alert’s episode is over (the tracks are clear, or silent), with why, in ' +
      'words that name only tracks its readers may see.',
  ),
  decide() {
    throw problems.forbidden('only the hub ends alerts');
  },
  apply(state, command, entry) {
    const told = trackAlerts(state).get(command.alert);
    for (const party of entry.visibility) {
      const recorded = told?.get(party);
      if (!recorded) throw new Error(`alert.end for ${command.alert}, which never began for ${party}`);
      if (recorded.ended) throw new Error(`alert ${command.alert} has already ended for ${party}`);
      recorded.ended = { time: command.time, reason: command.reason, entry: state.size };
    }
  },
});
