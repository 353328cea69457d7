// The hub's picture as CoT for one party's TAK clients: the sites, convoys, zones and lines it may
// see, live tracks (its own as friends; others', which it may see only when shared, as unknown — the
// hub does not say who is whose enemy), and the alerts it is involved in, as it was told of them.
import type { Geometry } from '../deconfliction/declaration-schema.js';
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

/** Coordinates of an admitted declaration, which readDeclaration checked position by position. */
const positions = <T extends LonLat | LonLat[] | LonLat[][]>(geometry: Geometry) =>
  geometry.coordinates as unknown as T;

/** A site's or zone's area: a point with its radius, or a polygon's outer ring. */
function areaOf(geometry: Geometry, radiusM: number | undefined): PictureArea | null {
  if (geometry.type === 'Point')
    return { kind: 'circle', center: positions<LonLat>(geometry), radius_m: radiusM ?? 0 };
  if (geometry.type === 'Polygon')
    return { kind: 'polygon', points: positions<LonLat[][]>(geometry)[0] ?? [] };
  return null;
}

/** A declaration's CoT events; none for operations, whose plans stay off the shared picture. */
export function declarationEvents(declaration: KnownDeclaration, timing: CotTiming): string[] {
  const body = declaration.body;
  const id = declaration.id;
  const remarks = `${declaration.party}: ${body.notes ?? body.title}`;
  switch (body.kind) {
    case 'site': {
      const area = areaOf(body.geometry, body.radius_m);
      const at = body.geometry.type === 'Point' ? positions<LonLat>(body.geometry) : centroid(area);
      return siteEvents({ id, name: body.title, function: body.function, at, area, remarks }, timing);
    }
    case 'movement':
      return [
        movementEvent({ id, name: body.title, route: positions<LonLat[]>(body.route), remarks }, timing),
      ];
    case 'line':
      return [
        movementEvent({ id, name: body.title, route: positions<LonLat[]>(body.geometry), remarks }, timing),
      ];
    case 'zone': {
      const area = areaOf(body.geometry, body.radius_m);
      return area ? [zoneEvent({ id, name: body.title, area, remarks }, timing)] : [];
    }
    case 'operation':
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
      ground_speed_mps: track.velocityKnown === false ? null : track.groundSpeedMs,
      track_deg: track.velocityKnown === false ? null : track.trackDeg,
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
