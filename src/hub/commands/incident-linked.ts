// The hub's record of what it linked to an incident for one party, readable by that party alone: the
// entries, each with why. A party concerned that the report's entry does not name (it is concerned
// only through what the reporter may not see) is given the report itself here, signed by the hub.
import { Type } from '@sinclair/typebox';
import { IncidentLink, IncidentRef, IncidentReport } from '../../evidence/incident-schema.js';
import type { FoundLinks } from '../incident-links.js';
import { MAX_LINKS_PER_PARTY } from '../incident-links.js';
import { problems } from '../problem.js';
import { commandSchema, PartyId } from './fields.js';
import { defineCommand, type HubConsequence } from './handler.js';

export function incidentLinkedCommand(
  report: IncidentReport,
  party: string,
  found: FoundLinks,
  withReport: boolean,
): HubConsequence {
  return {
    command: {
      type: incidentLinked.type,
      incident: report.id,
      party,
      concerned: found.concerned,
      complete: found.complete,
      links: found.links,
      ...(withReport ? { report } : {}),
    },
    visibility: [party],
  };
}

export const incidentLinked = defineCommand({
  type: 'incident.linked',
  schema: commandSchema(
    'incident.linked',
    {
      incident: IncidentRef,
      party: PartyId,
      concerned: Type.Boolean({
        description: 'The incident concerns the party: the reporter, or its declarations or tracks.',
      }),
      complete: Type.Boolean({
        description: `False when more than ${MAX_LINKS_PER_PARTY} entries met the rules: the first are listed.`,
      }),
      links: Type.Array(IncidentLink, { maxItems: MAX_LINKS_PER_PARTY }),
      report: Type.Optional(IncidentReport),
    },
    'Written by the hub when an incident is reported: the entries it links to it for one party, and why.',
  ),
  decide() {
    throw problems.forbidden('only the hub links entries to incidents');
  },
  apply(state, command) {
    const incident = state.incidents.get(command.incident);
    if (!incident) throw new Error(`incident.linked for unknown incident ${command.incident}`);
    incident.links.set(command.party, {
      entry: state.size,
      links: command.links,
      complete: command.complete,
      concerned: command.concerned,
    });
  },
});
