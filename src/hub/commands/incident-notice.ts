// The notice a party concerned gets when an incident is reported: a hub notice on the roster its
// first linked declaration names (or to the whole party), routed, escalated and acknowledged like any
// other. It says what the report says and how many of the party's own entries were linked, nothing of
// any other party's.
import { randomUUID } from 'node:crypto';
import type { IncidentReport } from '../../evidence/incident-schema.js';
import type { Volume } from '../../geo/shape.js';
import type { MessageBody } from '../../hotline/message-schema.js';
import type { FoundLinks } from '../incident-links.js';
import type { HubState } from '../state.js';
import type { HubConsequence } from './handler.js';
import { messageNotice } from './message-notice.js';
import { routeMessage } from './message-routing.js';

/** A position in the place for the duty officer's map: the point, or the mean of the ring's vertices. */
function positionOf(area: Volume): [number, number] {
  const { core } = area.shape;
  const vertices = core.kind === 'point' ? [core.at] : core.kind === 'polygon' ? core.ring : core.vertices;
  const points = vertices.map((v) => v.lonLat);
  const mean = (i: 0 | 1) => points.reduce((sum, p) => sum + p[i], 0) / points.length;
  return [Number(mean(0).toFixed(6)), Number(mean(1).toFixed(6))];
}

/** The roster of the party's first linked declaration that has one on the hub. */
function rosterOf(state: HubState, party: string, found: FoundLinks): string | undefined {
  for (const link of found.links) {
    if (link.reason !== 'declaration-meets-place') continue;
    const id = link.about.slice(0, link.about.lastIndexOf('@'));
    const declaration = state.deconfliction.declarations.get(id);
    if (declaration?.party === party && state.hotline.rosterFor(party, declaration.roster))
      return declaration.roster;
  }
  return undefined;
}

export function incidentNotice(
  state: HubState,
  report: IncidentReport,
  area: Volume,
  party: string,
  found: FoundLinks,
  now: number,
  online: (operator: string) => boolean,
): HubConsequence[] {
  const duty = rosterOf(state, party, found);
  const body: MessageBody = {
    id: `${state.identity?.party ?? 'hub'}/incident-${randomUUID()}`,
    kind: 'notification',
    recipients: [{ party, ...(duty ? { duty } : {}) }],
    template: {
      name: 'incident-notice',
      fields: {
        incident: report.id,
        reporter: report.id.slice(0, report.id.indexOf('/')),
        position: positionOf(area),
        from: report.from,
        until: report.until,
        what: report.what.length > 500 ? `${report.what.slice(0, 499)}…` : report.what,
        links: found.links.length,
      },
    },
  };
  return [
    { command: { type: messageNotice.type, message: body }, visibility: [party] },
    ...routeMessage(state, body, null, now, online),
  ];
}
