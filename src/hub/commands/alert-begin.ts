import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { AlertContent, trackAlerts } from './track-alerts.js';

export const alertBegin = defineCommand({
  type: 'alert.begin',
  schema: commandSchema(
    'alert.begin',
    { alert: AlertContent },
    'Written by the hub: the tactical watch found a predicted loss of separation, an intrusion or a ' +
      'non-conformance, with the tracks as reported and the prediction. For the parties involved.',
  ),
  decide() {
    throw problems.forbidden('only the hub raises alerts');
  },
  apply(state, { alert }) {
    trackAlerts(state).set(alert.id, { alert, entry: state.size, ended: null });
  },
});
