// Where and when to look for what surrounds an incident: its place grown by the search margin, through
// every altitude, over its window. No I/O, no clock: the caller gives the time it is checked at.
import { ALTITUDE_MAX_M, ALTITUDE_MIN_M } from '../geo/geojson-volumes.js';
import { parseRfc3339 } from '../geo/rfc3339.js';
import type { GeoProblem, Volume } from '../geo/shape.js';
import { validateShape } from '../geo/validate-shape.js';
import { DEFAULT_INCIDENT_MARGIN_M, type IncidentReport, MAX_INCIDENT_WINDOW_MS } from './incident-schema.js';

/** How far past the hub's clock a window may end: the freshness a signed command is allowed. */
export const INCIDENT_CLOCK_SKEW_MS = 5 * 60 * 1000;

export type IncidentArea = { ok: true; area: Volume } | { ok: false; problems: GeoProblem[] };

/**
 * The incident's search volume, or every problem with its place and window (fields relative to the
 * report): a Point or Polygon, a window the right way round, no longer than a week, not in the future.
 */
export function incidentArea(report: IncidentReport, now: number): IncidentArea {
  const problems: GeoProblem[] = [];
  if (report.geometry.type === 'LineString')
    problems.push({ field: '/geometry/type', reason: 'an incident is at a Point or in a Polygon' });
  const shape = validateShape(
    { geometry: report.geometry, radiusM: report.radius_m ?? DEFAULT_INCIDENT_MARGIN_M },
    {
      geometry: '/geometry',
      radius: '/radius_m',
    },
  );
  if (!shape.ok) problems.push(...shape.problems);
  const from = parseRfc3339(report.from, 'down');
  const until = parseRfc3339(report.until, 'up');
  if (from === null) problems.push({ field: '/from', reason: 'must be an RFC 3339 date-time' });
  if (until === null) problems.push({ field: '/until', reason: 'must be an RFC 3339 date-time' });
  if (from !== null && until !== null) {
    if (until < from) problems.push({ field: '/until', reason: 'must not be before from' });
    else if (until - from > MAX_INCIDENT_WINDOW_MS)
      problems.push({ field: '/until', reason: 'the window may span at most 7 days' });
    if (until > now + INCIDENT_CLOCK_SKEW_MS)
      problems.push({ field: '/until', reason: 'an incident is reported once it has happened, not ahead' });
  }
  if (problems.length > 0 || !shape.ok || from === null || until === null) return { ok: false, problems };
  return {
    ok: true,
    area: {
      id: report.id,
      shape: shape.shape,
      altitudeLowerM: ALTITUDE_MIN_M,
      altitudeUpperM: ALTITUDE_MAX_M,
      timeStart: from,
      timeEnd: until,
    },
  };
}
