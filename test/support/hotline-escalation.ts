// The hotline's escalation as tests drive and read it: an urgent stop request to a party's duty
// roster, and the record's entries with each delivery.step as "reason → who" (every other entry by
// its kind).
import type { Entry } from '../../src/record/index.js';

export function deliverySteps(entries: readonly Entry[]): string[] {
  return entries.map((entry) => {
    if (entry.kind !== 'delivery.step') return entry.kind;
    const step = entry.command.step as { kind: string; operator?: string };
    return `${String(entry.command.reason)} → ${step.operator ?? step.kind}`;
  });
}

/** The fields of a message.send: an urgent request to stop, to `party`'s air-deconfliction roster. */
export function stopRequest(id: string, party: string, text = 'Stop the strike at once.') {
  return {
    message: {
      id,
      kind: 'urgent-request',
      action: 'stop',
      recipients: [{ party, duty: 'air-deconfliction' }],
      template: { name: 'stop-request', fields: { position: [40.14, 35.29], activity: 'air strike' } },
      text,
    },
  };
}
