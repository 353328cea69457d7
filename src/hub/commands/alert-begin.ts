import { problems } from '../problem.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { AlertContent, type RecordedAlert, trackAlerts } from './track-alerts.js';

export const alertBegin = defineCommand({
  type: 'alert.begin',
  schema: commandSchema(
    'alert.begin',
    { alert: AlertContent },
    'Written by the hub: the tactical watch found a predicted loss of separation, an intrusion or a ' +
      'non-conformance. One entry for each view of it, read by the parties involved that are told ' +
      'exactly that: the tracks and declaration they may see, and of the rest whose it is, whom to ' +
      'call and roughly where.',
  ),
  decide() {
    throw problems.forbidden('only the hub raises alerts');
  },
  apply(state, { alert }, entry) {
    const alerts = trackAlerts(state);
    const told = alerts.get(alert.id) ?? new Map<string, RecordedAlert>();
    for (const party of entry.visibility) {
      if (told.has(party)) throw new Error(`alert ${alert.id} began twice for ${party}`);
      told.set(party, { alert, entry: state.size, ended: null });
    }
    alerts.set(alert.id, told);
  },
});
