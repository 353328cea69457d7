// The shared picture as CoT, so that a unit with an unmodified TAK client sees what is protected
// and what is moving: sites as markers with their protected area, convoys' routes as lines, zones
// as closed shapes, tracks as units coloured by how the viewing party relates to their owner, and
// alerts as TAK alerts. Every item's uid is stable, so each rebroadcast replaces the last.
import type { LonLat } from '../geo/shape.js';
import { PONG_TYPE } from './cot-reading.js';
import { SHAPE_TYPES } from './cot-shape.js';
import { type CotEventToWrite, cotEventXml } from './cot-write-event.js';

export type PictureArea =
  | { kind: 'circle'; center: LonLat; radius_m: number }
  | { kind: 'polygon'; points: LonLat[] };

export interface PictureSite {
  id: string;
  name: string;
  /** What the site is (hospital, aid-warehouse, …), as declared. */
  function: string;
  at: LonLat;
  /** The protected area, when it is more than the point. */
  area: PictureArea | null;
  remarks: string;
}

export interface PictureMovement {
  id: string;
  name: string;
  route: LonLat[];
  remarks: string;
}

export interface PictureZone {
  id: string;
  name: string;
  area: PictureArea;
  remarks: string;
}

/** How the viewing party stands to the track's owner; the hub decides, the picture only shows it. */
export type Affiliation = 'friend' | 'hostile' | 'neutral' | 'unknown';

export interface PictureTrack {
  id: string;
  callsign: string;
  affiliation: Affiliation;
  domain: 'air' | 'ground';
  time: number;
  lon: number;
  lat: number;
  alt_m: number | null;
  ground_speed_mps: number | null;
  track_deg: number | null;
}

export interface PictureAlert {
  id: string;
  title: string;
  at: LonLat;
  remarks: string;
  /** An ended alert is sent once more, as a cancellation, so TAK clients clear it. */
  ended: boolean;
}

/** When the events are sent, and until when TAK clients should show them without a refresh. */
export interface CotTiming {
  now: number;
  stale: number;
}

const UID_PREFIX = 'deconflict.';
const MACHINE_GENERATED = 'm-g';
/** ATAK colours are ARGB as a signed 32-bit integer. */
const argb = (value: number) => value | 0;
const COLOURS = {
  site: { stroke: argb(0xff00a000), fill: argb(0x4000a000) },
  movement: { stroke: argb(0xff0060ff), fill: argb(0x000060ff) },
  zone: { stroke: argb(0xffff0000), fill: argb(0x40ff0000) },
};
const AFFILIATION_CODE: Record<Affiliation, string> = {
  friend: 'f',
  hostile: 'h',
  neutral: 'n',
  unknown: 'u',
};

/** MIL-STD-2525 installations: a hospital symbol for medical sites, an installation for the rest, neutral. */
function siteType(siteFunction: string): string {
  return siteFunction === 'hospital' || siteFunction === 'clinic' ? 'a-n-G-I-X-H' : 'a-n-G-I';
}

export function siteEvents(site: PictureSite, timing: CotTiming): string[] {
  const marker = pointEvent(`${UID_PREFIX}${site.id}`, siteType(site.function), site.at, timing, {
    contact: { '@_callsign': site.name },
    remarks: `Protected site (${site.function}). ${site.remarks}`.trim(),
  });
  if (site.area === null) return [marker];
  return [
    marker,
    areaEvent(
      `${UID_PREFIX}${site.id}.area`,
      site.name,
      site.area,
      `Protected area of ${site.name}`,
      'site',
      timing,
    ),
  ];
}

export function movementEvent(movement: PictureMovement, timing: CotTiming): string {
  const [first] = movement.route;
  if (first === undefined || movement.route.length < 2) throw new Error('a route has at least two points');
  return pointEvent(`${UID_PREFIX}${movement.id}`, SHAPE_TYPES.freehand, first, timing, {
    ...styled(movement.name, movement.remarks, 'movement'),
    link: movement.route.map(linkPoint),
  });
}

export function zoneEvent(zone: PictureZone, timing: CotTiming): string {
  return areaEvent(`${UID_PREFIX}${zone.id}`, zone.name, zone.area, zone.remarks, 'zone', timing);
}

export function trackEvent(track: PictureTrack, timing: CotTiming): string {
  const type = `a-${AFFILIATION_CODE[track.affiliation]}-${track.domain === 'air' ? 'A' : 'G'}`;
  return cotEventXml({
    uid: `${UID_PREFIX}track.${track.id}`,
    type,
    how: MACHINE_GENERATED,
    time: track.time,
    stale: timing.stale,
    lat: track.lat,
    lon: track.lon,
    hae: track.alt_m,
    detail: {
      contact: { '@_callsign': track.callsign },
      // Without a known speed and course there is no <track>: TAK would draw 0 as standing still.
      ...(track.ground_speed_mps === null || track.track_deg === null
        ? {}
        : { track: { '@_speed': track.ground_speed_mps, '@_course': track.track_deg } }),
    },
  });
}

export function alertEvent(alert: PictureAlert, timing: CotTiming): string {
  // b-a-o-tbl raises TAK's alert for everyone who receives it; b-a-o-can clears it.
  return pointEvent(
    `${UID_PREFIX}alert.${alert.id}`,
    alert.ended ? 'b-a-o-can' : 'b-a-o-tbl',
    alert.at,
    timing,
    {
      emergency: alert.ended
        ? { '@_cancel': 'true', '#text': alert.title }
        : { '@_type': '911 Alert', '#text': alert.title },
      remarks: alert.remarks,
    },
  );
}

/**
 * TAK's removal (t-x-d-d) of what the picture showed of a declaration: its marker or shape, and a
 * site's protected area. A client that never had one of them ignores it.
 */
export function removalEvents(id: string, timing: CotTiming): string[] {
  return [`${UID_PREFIX}${id}`, `${UID_PREFIX}${id}.area`].map((uid) =>
    pointEvent(`${uid}.removed`, 't-x-d-d', [0, 0], timing, {
      link: { '@_uid': uid, '@_relation': 'none', '@_type': 'none' },
      __forcedelete: '',
    }),
  );
}

/** The hub's answer to a TAK client's keep-alive. */
export function pongEvent(timing: CotTiming): string {
  return pointEvent('takPong', PONG_TYPE, [0, 0], timing, {});
}

function areaEvent(
  uid: string,
  name: string,
  area: PictureArea,
  remarks: string,
  style: keyof typeof COLOURS,
  timing: CotTiming,
): string {
  if (area.kind === 'circle') {
    return pointEvent(uid, SHAPE_TYPES.circle, area.center, timing, {
      ...styled(name, remarks, style),
      shape: { ellipse: { '@_major': area.radius_m, '@_minor': area.radius_m, '@_angle': 360 } },
    });
  }
  const [first] = area.points;
  if (first === undefined || area.points.length < 3) throw new Error('a polygon has at least three points');
  // ATAK closes a polygon by repeating its first vertex.
  return pointEvent(uid, SHAPE_TYPES.freehand, first, timing, {
    ...styled(name, remarks, style),
    link: [...area.points, first].map(linkPoint),
  });
}

function styled(name: string, remarks: string, style: keyof typeof COLOURS): Record<string, unknown> {
  return {
    contact: { '@_callsign': name },
    remarks,
    strokeColor: { '@_value': COLOURS[style].stroke },
    strokeWeight: { '@_value': 3 },
    fillColor: { '@_value': COLOURS[style].fill },
    labels_on: { '@_value': true },
  };
}

function linkPoint([lon, lat]: LonLat): Record<string, string> {
  return { '@_point': `${lat},${lon}` };
}

function pointEvent(
  uid: string,
  type: string,
  [lon, lat]: LonLat,
  timing: CotTiming,
  detail: Record<string, unknown>,
): string {
  const event: CotEventToWrite = {
    uid,
    type,
    how: MACHINE_GENERATED,
    time: timing.now,
    stale: timing.stale,
    lat,
    lon,
    hae: null,
    detail,
  };
  return cotEventXml(event);
}
