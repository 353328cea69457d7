// What the hub writes for the watch's findings: for an alert's beginning, one entry for each view of
// it (alert-views.ts), read by the parties told exactly that, each followed by those parties' hotline
// notices; for its end, one entry for each wording of why, naming only tracks its readers may see.
import type { AlertEvent } from '../watch/alert-event.js';
import { alertBegin } from './commands/alert-begin.js';
import { alertEnd } from './commands/alert-end.js';
import { alertNotice } from './commands/alert-notices.js';
import { alertView, alertViews, reasonFor, withoutForeignLink } from './commands/alert-views.js';
import { trackAlerts } from './commands/track-alerts.js';
import type { HubState } from './state.js';
import type { HubWork } from './time-passing.js';

const toldOf = (state: HubState, id: string, party: string) => trackAlerts(state).get(id)?.get(party);

function endWork(id: string, time: string, reason: string, parties: string[]): HubWork {
  return {
    consequence: { command: { type: alertEnd.type, alert: id, time, reason }, visibility: parties },
    stillDue: (state) => parties.every((party) => toldOf(state, id, party)?.ended === null),
  };
}

/**
 * The entries of one event of the watch, as `state` (the hub's live state, when the watch reported
 * it) says who may see what; `id` is the hub's id of the alert, the same for its begin and end.
 */
export function alertWork(state: HubState, found: AlertEvent, id: string): HubWork[] {
  const event = withoutForeignLink(found);
  if (event.event === 'begin') {
    return alertViews(state, event, id).map(({ parties, alert }) => ({
      consequence: { command: { type: alertBegin.type, alert }, visibility: parties },
      stillDue: (current) => parties.every((party) => toldOf(current, id, party) === undefined),
      followedBy: (current, now, online) =>
        parties.flatMap((party) => alertNotice(current, alert, party, 'begin', alert.reason, now, online)),
    }));
  }
  const time = new Date(event.time).toISOString();
  const byReason = new Map<string, string[]>();
  for (const party of [...event.parties].sort()) {
    const reason = reasonFor(state, event, party);
    byReason.set(reason, [...(byReason.get(reason) ?? []), party]);
  }
  return [...byReason].map(([reason, parties]) => ({
    ...endWork(id, time, reason, parties),
    // The end's notice gives each party its view of where the tracks are as it ends.
    followedBy: (current, now, online) =>
      parties.flatMap((party) =>
        alertNotice(current, alertView(current, event, id, party), party, 'end', reason, now, online),
      ),
  }));
}

/** The ends of the alerts left open by the hub's previous run, for the parties they are open for. */
export function orphanedAlertWork(state: HubState, time: string): HubWork[] {
  return [...trackAlerts(state)].flatMap(([id, told]) => {
    const open = [...told].filter(([, recorded]) => recorded.ended === null).map(([party]) => party);
    return open.length === 0
      ? []
      : [endWork(id, time, 'the hub restarted and its watch started afresh', open)];
  });
}
