// The hotline's escalation as tests drive and read it: an urgent stop request to a party's duty
// roster, and the record's entries with each delivery.step as "reason → who" (every other entry by
// its kind), and red's day roster they escalate along.
import type { OperatorSigner } from '../../src/client/operator-signer.js';
import type { Entry } from '../../src/record/index.js';
import type { InProcessHub } from './in-process-hub.js';

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

/**
 * Red's duty officers, `red.<id>` for each of `officers` in the order given, on red's
 * air-deconfliction roster for the day shift in Damascus, with red's administrator as its chief.
 */
export async function redDayRoster(t: InProcessHub, officers: Record<string, OperatorSigner>): Promise<void> {
  for (const [id, signer] of Object.entries(officers))
    await t.submit(t.admin('red'), 'operator.add', {
      operator: { id: `red.${id}`, name: id, public_key: signer.publicKey },
      role: 'duty-officer',
    });
  await t.submit(t.admin('red'), 'roster.set', {
    roster: {
      duty: 'air-deconfliction',
      members: Object.keys(officers).map((id) => ({
        operator: `red.${id}`,
        shifts: [{ from: '06:00', to: '18:00', time_zone: 'Asia/Damascus' }],
      })),
      chief: 'red.admin',
    },
  });
}
