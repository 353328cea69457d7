// An operator reports an incident: where, when, what happened. In the same commit the hub records,
// for each party concerned and each other party the report is shown to, what it links to the
// incident (incident-linked.ts), and tells the parties concerned on their rosters.
import { Incident } from '../../evidence/incident.js';
import { incidentArea } from '../../evidence/incident-place.js';
import { IncidentReport } from '../../evidence/incident-schema.js';
import type { Volume } from '../../geo/shape.js';
import { findIncidentLinks } from '../incident-links.js';
import { type FieldProblem, problems } from '../problem.js';
import type { HubState, Operator } from '../state.js';
import { requireDeclarer } from './declaration-admission.js';
import { commandSchema } from './fields.js';
import { defineCommand } from './handler.js';
import { incidentLinkedCommand } from './incident-linked.js';
import { incidentNotice } from './incident-notice.js';

const at = (field: string) => `/command/incident${field}`;

/** The report's search volume, or a 400 naming every problem with the report. */
function checkedArea(state: HubState, author: Operator, report: IncidentReport, now: number): Volume {
  const found: FieldProblem[] = [];
  if (!report.id.startsWith(`${author.party}/`))
    found.push({ field: at('/id'), reason: `must begin with your party’s id: ${author.party}/` });
  report.visibility.forEach((party, i) => {
    if (party !== '*' && !state.parties.has(party))
      found.push({ field: at(`/visibility/${i}`), reason: `no party ${party}` });
  });
  const area = incidentArea(report, now);
  if (!area.ok) found.push(...area.problems.map((p) => ({ field: at(p.field), reason: p.reason })));
  if (found.length > 0 || !area.ok) throw problems.badRequest('the incident report is not valid', found);
  return area.area;
}

export const incidentReport = defineCommand({
  type: 'incident.report',
  schema: commandSchema(
    'incident.report',
    { incident: IncidentReport },
    'Reports an incident: its place, time window, what happened, casualties if known, and who may see it. ' +
      'The hub links what surrounds it for each party and tells the parties concerned.',
  ),
  decide({ state, author, now, online }, { incident: report }) {
    requireDeclarer(author);
    const area = checkedArea(state, author, report, now);
    if (state.incidents.has(report.id))
      throw problems.conflict(`incident ${report.id} was already reported`, at('/id'));
    const links = findIncidentLinks(state, { reporter: author.party, area, visibility: report.visibility });
    // The report's entry names the parties the reporter chose and those whose linked declarations it
    // may see itself: naming a party concerned only through what the reporter may not see would
    // tell the reporter, and everyone it shows the report to, that that party has something there.
    const disclosed = links.get(author.party)?.owners ?? [];
    const visibility = report.visibility.includes('*')
      ? ['*']
      : [...new Set([author.party, ...report.visibility, ...disclosed])].sort();
    return {
      visibility,
      consequences: [...links].flatMap(([party, told]) => [
        incidentLinkedCommand(report, party, told, !visibility.includes('*') && !visibility.includes(party)),
        ...(told.concerned && party !== author.party
          ? incidentNotice(state, report, area, party, told, now, online)
          : []),
      ]),
    };
  },
  apply(state, { incident: report }, entry) {
    const author = entry.author as { party: string; operator: string };
    const area = incidentArea(report, Date.parse(entry.time));
    if (!area.ok) throw new Error(`the record holds an invalid incident ${report.id}`);
    state.incidents.set(
      report.id,
      new Incident(
        report,
        author.party,
        author.operator,
        area.area,
        entry.time,
        state.size,
        entry.visibility,
      ),
    );
  },
});
