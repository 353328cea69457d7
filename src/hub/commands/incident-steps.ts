// What the parties concerned sign about an incident after it is reported: an answer, a dispute, the
// reporter's close. The rules of who may take which step when are the incident's own (incident.ts).
import { Type } from '@sinclair/typebox';
import type { Incident, IncidentStepKind } from '../../evidence/incident.js';
import { IncidentRef, MAX_INCIDENT_TEXT } from '../../evidence/incident-schema.js';
import { type Problem, problems } from '../problem.js';
import type { HubState, Operator } from '../state.js';
import { maySeeIncident } from '../who-may-see.js';
import { requireDeclarer } from './declaration-admission.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';

/** The incident a command names, if the author's party may see it; an unseen one is reported absent. */
export function incidentFor(state: HubState, author: Operator, id: string): Incident {
  const incident = state.incidents.get(id);
  if (!incident || !maySeeIncident(incident, author.party))
    throw problems.notFound(`no incident ${id} your party may see`, '/command/incident');
  return incident;
}

/** A refusal by the incident's rules, as the API answers it. */
export function refused(refusal: { forbidden: boolean; reason: string }): Problem {
  return refusal.forbidden
    ? problems.forbidden(refusal.reason)
    : problems.conflict(refusal.reason, '/command/incident');
}

function incidentStep(kind: IncidentStepKind, description: string) {
  const type = `incident.${kind}` as const;
  return defineCommand({
    type,
    schema: commandSchema(
      type,
      {
        incident: IncidentRef,
        text: Type.String({
          minLength: 1,
          maxLength: MAX_INCIDENT_TEXT,
          description: 'What the party says, as written.',
        }),
      },
      description,
    ),
    decide({ state, author }, command) {
      requireDeclarer(author);
      const incident = incidentFor(state, author, command.incident);
      const refusal = incident.refusal(kind, author.party);
      if (refusal) throw refused(refusal);
      return { visibility: incident.stepVisibility(author.party) };
    },
    apply(state, command, entry) {
      const incident = state.incidents.get(command.incident);
      if (!incident) throw new Error(`${type} for unknown incident ${command.incident}`);
      const author = entry.author as { party: string; operator: string };
      incident.apply({
        kind,
        party: author.party,
        operator: author.operator,
        text: command.text,
        time: entry.time,
        entry: state.size,
        visibility: entry.visibility,
      });
    },
  });
}

export const incidentAnswer = incidentStep(
  'answer',
  'A party concerned answers an incident’s report: what it knew, did or says of it.',
);
export const incidentDispute = incidentStep(
  'dispute',
  'A party concerned disputes the report or an answer; also after the close.',
);
export const incidentClose = incidentStep('close', 'The reporting party closes its report, saying why.');
