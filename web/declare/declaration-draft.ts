// What the declare form holds, and the declaration it makes with the shape drawn, in the hub's schema
// (src/deconfliction/declaration-schema.ts): a route makes a movement, a polygon or circle an
// operation or a protected site. A declaration of the party's own is read back into a draft to be
// amended, when the form can show all of its shape and times.
import type { DeclarationBody, DeclarationListing, Geometry } from '../hub/views.js';
import type { Shape } from './draw-tool.js';
import { emptyNotice, type MovementNotice, noticeFields, noticeOf } from './movement-notice.js';

/** A movement's notice is held by the draft whatever its kind, so that switching kinds loses nothing typed. */
export interface Draft extends MovementNotice {
  kind: 'operation' | 'site' | 'movement';
  name: string;
  title: string;
  activity: 'air' | 'ground' | 'drone' | 'exercise';
  siteFunction: string;
  altitudeLowerM: number;
  altitudeUpperM: number;
  /** datetime-local values, read as UTC. */
  from: string;
  until: string;
  speedKmh: number;
  halfWidthM: number;
  vehicles: number;
  personnel: number;
  armedEscort: boolean;
  /** Parties besides the owner that may see it; '*' for all. */
  visibility: string[];
  /** The party's roster to call about it; '' names none, when the party has no roster. */
  roster: string;
}

const HOUR_MS = 3_600_000;

/** A datetime-local value (minutes, UTC) for a time. */
export function localValue(time: number): string {
  return new Date(time).toISOString().slice(0, 16);
}

export function utc(value: string): string {
  return `${value}:00Z`;
}

export function newDraft(now: number): Draft {
  const hour = now - (now % HOUR_MS);
  return {
    kind: 'operation',
    name: '',
    title: '',
    activity: 'air',
    siteFunction: 'hospital',
    altitudeLowerM: 0,
    altitudeUpperM: 3000,
    from: localValue(hour + HOUR_MS),
    until: localValue(hour + 4 * HOUR_MS),
    speedKmh: 30,
    halfWidthM: 500,
    vehicles: 10,
    personnel: 20,
    armedEscort: false,
    visibility: ['*'],
    roster: '',
    ...emptyNotice(),
  };
}

/** The geometry of a polygon or circle: a Polygon, or a Point with its radius. */
function area(shape: Shape): { geometry: { type: string; coordinates: unknown[] }; radius_m?: number } {
  if (shape.kind === 'circle')
    return { geometry: { type: 'Point', coordinates: shape.center }, radius_m: shape.radiusM };
  if (shape.kind === 'polygon') return { geometry: { type: 'Polygon', coordinates: [shape.ring] } };
  throw new Error('a route is not an area');
}

/**
 * The declaration the draft and shape make. Amending, what the form does not show of the version
 * it replaces (a site's notes and contacts, a movement's tolerances) is kept as it was.
 */
export function declarationOf(
  draft: Draft,
  shape: Shape,
  party: string,
  replaced?: DeclarationBody,
): Record<string, unknown> {
  const kept = { ...(replaced as Record<string, unknown> | undefined) };
  // A roster no longer named, and a circle's radius where the area is drawn anew, are not kept.
  delete kept.roster;
  delete kept.radius_m;
  const common = {
    ...kept,
    id: `${party}/${draft.name}`,
    title: draft.title,
    visibility: draft.visibility,
    ...(draft.roster ? { roster: draft.roster } : {}),
  };
  if (shape.kind === 'route') {
    // What the notice shows is written as the form holds it, not kept from the version replaced.
    for (const key of ['on_behalf_of', 'origin', 'destination', 'cargo', 'notes', 'contacts'])
      delete kept[key];
    const notice = noticeFields(draft, replaced);
    return {
      ...common,
      ...notice,
      kind: 'movement',
      route: { type: 'LineString', coordinates: shape.points },
      half_width_m: draft.halfWidthM,
      schedule: { departure: utc(draft.from), speed_kmh: draft.speedKmh },
      vehicles: { ...(notice.vehicles as object), count: draft.vehicles },
      armed_escort: draft.armedEscort,
      personnel: draft.personnel,
      altitude_lower_m: draft.altitudeLowerM,
      altitude_upper_m: draft.altitudeUpperM,
    };
  }
  if (draft.kind === 'site') {
    return {
      ...common,
      kind: 'site',
      function: draft.siteFunction,
      ...area(shape),
      altitude_lower_m: draft.altitudeLowerM,
      altitude_upper_m: draft.altitudeUpperM,
      valid_from: utc(draft.from),
      valid_until: utc(draft.until),
    };
  }
  return {
    ...common,
    kind: 'operation',
    activity: draft.activity,
    volumes: [
      {
        ...area(shape),
        altitude_lower_m: draft.altitudeLowerM,
        altitude_upper_m: draft.altitudeUpperM,
        time_start: utc(draft.from),
        time_end: utc(draft.until),
      },
    ],
  };
}

type Position = [number, number];

/** The shape of a polygon or a point with its radius, as drawn. */
function shapeOf(geometry: Geometry, radiusM: number | undefined): Shape | null {
  if (geometry.type === 'Point' && radiusM)
    return { kind: 'circle', center: geometry.coordinates as Position, radiusM };
  if (geometry.type === 'Polygon') {
    const ring = (geometry.coordinates[0] as Position[] | undefined) ?? [];
    return ring.length >= 4 ? { kind: 'polygon', ring } : null;
  }
  return null;
}

/** A datetime-local value for an RFC 3339 time, if it is on a whole minute (the form shows no seconds). */
function minuteValue(time: string): string | null {
  const ms = Date.parse(time);
  return ms % 60_000 === 0 ? localValue(ms) : null;
}

/**
 * The draft and shape of one of the party's declarations, or null when the form cannot show it
 * whole: an operation of several volumes, a movement timed waypoint by waypoint, a zone or line,
 * times with seconds.
 */
export function draftOf(listing: DeclarationListing, now: number): { draft: Draft; shape: Shape } | null {
  const body = listing.declaration;
  const base = {
    ...newDraft(now),
    name: body.id.slice(body.id.indexOf('/') + 1),
    title: body.title,
    visibility: body.visibility ?? ['*'],
    roster: body.roster ?? '',
  };
  const band = (b: { altitude_lower_m?: number; altitude_upper_m?: number }) => ({
    ...(b.altitude_lower_m === undefined ? {} : { altitudeLowerM: b.altitude_lower_m }),
    ...(b.altitude_upper_m === undefined ? {} : { altitudeUpperM: b.altitude_upper_m }),
  });
  if (body.kind === 'movement') {
    const schedule = body.schedule;
    const from = schedule && 'departure' in schedule ? minuteValue(schedule.departure) : null;
    if (!body.route || !schedule || !('departure' in schedule) || from === null) return null;
    return {
      draft: {
        ...base,
        kind: 'movement',
        ...band(body),
        from,
        speedKmh: schedule.speed_kmh,
        halfWidthM: body.half_width_m ?? base.halfWidthM,
        vehicles: body.vehicles?.count ?? base.vehicles,
        personnel: body.personnel ?? base.personnel,
        armedEscort: body.armed_escort ?? false,
        ...noticeOf(body),
      },
      shape: { kind: 'route', points: body.route.coordinates as Position[] },
    };
  }
  const area = body.kind === 'operation' ? body.volumes?.[0] : body;
  if ((body.kind !== 'site' && body.kind !== 'operation') || !area?.geometry) return null;
  if (body.kind === 'operation' && body.volumes?.length !== 1) return null;
  const window =
    body.kind === 'operation'
      ? [body.volumes?.[0]?.time_start, body.volumes?.[0]?.time_end]
      : [body.valid_from, body.valid_until];
  const [from, until] = window.map((time) => (time ? minuteValue(time) : null));
  const shape = shapeOf(area.geometry, area.radius_m);
  if (!shape || !from || !until) return null;
  return {
    draft: {
      ...base,
      kind: body.kind,
      ...band(area),
      from,
      until,
      ...(body.activity ? { activity: body.activity as Draft['activity'] } : {}),
      ...(body.function ? { siteFunction: body.function } : {}),
    },
    shape,
  };
}
