// The hotline messages the benchmark sends: urgent stop requests and convoy coordination requests,
// as their templates define them, to a party's roster. Each says something of its own (its id in its
// words): a request saying again what one still waiting says is grouped with it, asks nobody and
// runs no deadline, and the benchmark means every message to be a request of its own.
import type { MessageBody } from '../../src/hotline/message-schema.js';

export interface Recipient {
  party: string;
  duty: string;
}

export function urgentStop(id: string, to: Recipient): MessageBody {
  return {
    id,
    kind: 'urgent-request',
    action: 'stop',
    recipients: [to],
    template: {
      name: 'stop-request',
      fields: {
        position: [40.1412, 35.3065],
        activity: 'air strike on the bridge',
        at_risk: 'a UN convoy of 12 vehicles, stopped on the bridge',
      },
    },
    text: `Stop: our convoy is on the bridge (${id}).`,
    language: 'en',
  };
}

export function convoyRequest(id: string, sender: string, to: Recipient): MessageBody {
  return {
    id,
    kind: 'coordination-request',
    recipients: [to],
    template: {
      name: 'convoy-movement-notice',
      fields: {
        movement: `${sender}/convoy-7`,
        departure: new Date(Date.now() + 3_600_000).toISOString(),
        origin: [36.2021, 37.1102],
        destination: [36.4113, 37.2205],
        vehicles: 12,
        personnel: 40,
      },
    },
    text: 'Request passage for the convoy on the northern road.',
    language: 'en',
  };
}
