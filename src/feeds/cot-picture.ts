// The hub's picture as CoT for one party's TAK clients: the sites, convoys, zones and lines it may
// see, live tracks (its own as friends; others', which it may see only when shared, as unknown — the
// hub does not say who is whose enemy), and the alerts it is involved in, as it was told of them.
import type { KnownDeclaration } from '../deconfliction/deconfliction-state.js';
import type { LonLat } from '../geo/shape.js';
import { type AlertContent, isSeen } from '../hub/commands/track-alerts.js';
import {
  alertEvent,
  type CotTiming,
  movementEvent,
  type PictureArea,
  siteEvents,
  trackEvent,
  zoneEvent,
} from '../interop/cot-write-picture.js';
import type { TrackReport } from '../watch/track-report.js';

interface DeclaredShape {
  geometry: { type: string; coordinates: unknown };
  radius_m?: number;
}

function areaOf(shape: DeclaredShape): PictureArea | null {
  if (shape.geometry.type === 'Point')
    return { kind: 'circle', center: shape.geometry.coordinates as LonLat, radius_m: shape.radius_m ?? 0 };
  if (shape.geometry.type === 'Polygon')
    return { kind: 'polygon', points: (shape.geometry.coordinates as LonLat[][])[0] ?? [] };
  return null;
}

/** A declaration's CoT events; none for operations, whose plans stay off the shared picture. */
export function declarationEvents(declaration: KnownDeclaration, timing: CotTiming): string[] {
  const body = declaration.body as unknown as DeclaredShape & {
    title: string;
    notes?: string;
    function?: string;
  };
  const remarks = `${declaration.party}: ${body.notes ?? body.title}`;
  switch (declaration.kind) {
    case 'site': {
      const area = areaOf(body);
      const at = body.geometry.type === 'Point' ? (body.geometry.coordinates as LonLat) : centroid(area);
      return siteEvents(
        { id: declaration.id, name: body.title, function: body.function ?? 'site', at, area, remarks },
        timing,
      );
    }
    case 'movement':
      return [
        movementEvent(
          { id: declaration.id, name: body.title, route: body.geometry.coordinates as LonLat[], remarks },
          timing,
        ),
      ];
    case 'zone':
    case 'line': {
      if (body.geometry.type === 'LineString')
        return [
          movementEvent(
            { id: declaration.id, name: body.title, route: body.geometry.coordinates as LonLat[], remarks },
            timing,
          ),
        ];
      const area = areaOf(body);
      return area ? [zoneEvent({ id: declaration.id, name: body.title, area, remarks }, timing)] : [];
    }
    default:
      return [];
  }
}

function centroid(area: PictureArea | null): LonLat {
  if (area === null) return [0, 0];
  if (area.kind === 'circle') return area.center;
  const ring = area.points.slice(0, -1);
  return [
    ring.reduce((sum, p) => sum + p[0], 0) / ring.length,
    ring.reduce((sum, p) => sum + p[1], 0) / ring.length,
  ];
}

export function trackEventFor(track: TrackReport, viewer: string, timing: CotTiming): string {
  return trackEvent(
    {
      id: track.id,
      callsign: track.id.slice(track.id.indexOf(':') + 1),
      affiliation: track.party === viewer ? 'friend' : 'unknown',
      domain: track.airborne ? 'air' : 'ground',
      time: track.time,
      lon: track.lon,
      lat: track.lat,
      alt_m: track.altM,
      ground_speed_mps: track.groundSpeedMs,
      track_deg: track.trackDeg,
    },
    timing,
  );
}

/** Where a TAK client shows an alert: its own track, else the place its directions start from. */
function alertAnchor(alert: AlertContent): LonLat | null {
  const [first] = alert.tracks;
  if (first) return [first.lon, first.lat];
  const declaration = alert.declaration;
  const hidden = [...alert.unseen_tracks, ...(declaration && !isSeen(declaration) ? [declaration] : [])];
  const from = hidden.find((other) => other.direction !== null)?.direction?.from;
  return from ? [from[0] as number, from[1] as number] : null;
}

/** Of what the party may not see: whose it is, whom to call, and the rounded bearing and distance. */
function unseenRemarks(alert: AlertContent): string[] {
  const declaration = alert.declaration;
  const hidden = [
    ...alert.unseen_tracks.map((track) => ({ what: `a track of ${track.party}`, ...track })),
    ...(declaration && !isSeen(declaration)
      ? [{ what: `a ${declaration.role} of ${declaration.party}`, ...declaration }]
      : []),
  ];
  return hidden.map(({ what, roster, direction }) =>
    [
      what,
      direction ? `bearing ${direction.bearing_deg}°, about ${direction.distance_m} m` : null,
      roster ? `roster to call: ${roster}` : null,
    ]
      .filter((part) => part !== null)
      .join(', '),
  );
}

/**
 * A party's view of an alert as a TAK alert, at its own track (never at the exact position of one
 * it may not see); null when the party has nothing of its own in it to place it by.
 */
export function alertEventFor(alert: AlertContent, ended: boolean, timing: CotTiming): string | null {
  const at = alertAnchor(alert);
  if (at === null) return null;
  return alertEvent(
    {
      id: alert.id,
      title: `Deconflict: ${alert.kind}`,
      at,
      remarks: [alert.reason, ...unseenRemarks(alert)].join('. '),
      ended,
    },
    timing,
  );
}
