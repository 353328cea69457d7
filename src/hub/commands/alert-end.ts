import { Type } from '@sinclair/typebox';
import { problems } from '../problem.js';
import { commandSchema, Rfc3339 } from './fields.js';
import { defineCommand } from './handler.js';
import { AlertTrack, trackAlerts } from './track-alerts.js';

export const alertEnd = defineCommand({
  type: 'alert.end',
  schema: commandSchema(
    'alert.end',
    {
      alert: Type.String({ minLength: 1, maxLength: 600 }),
      time: Rfc3339,
      tracks: Type.Array(AlertTrack, { maxItems: 2 }),
      reason: Type.String({ minLength: 1, maxLength: 1000 }),
    },
    'Written by the hub: an alert’s episode is over (the tracks are clear, or silent), with why.',
  ),
  decide() {
    throw problems.forbidden('only the hub ends alerts');
  },
  apply(state, command) {
    const recorded = trackAlerts(state).get(command.alert);
    if (!recorded) throw new Error(`alert.end for ${command.alert}, which never began`);
    if (recorded.ended) throw new Error(`alert ${command.alert} has already ended`);
    recorded.ended = { time: command.time, reason: command.reason, entry: state.size };
  },
});
