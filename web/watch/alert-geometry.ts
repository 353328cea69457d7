// Where an alert is, for drawing it and for centring the map on it: the tracks the party may see
// (live when the picture has them, else as the alert reported them), the closest points the hub
// predicted, the shape of the declared place it concerns, and the rounded bearing and distance the
// hub gave to what the party may not see.
import { geoInterpolate } from 'd3-geo';
import type {
  AlertDeclaration,
  AlertView,
  DeclarationListing,
  TrackView,
  UnseenInAlert,
} from '../hub/views.js';
import { ahead, areaOf } from '../map/geo-shapes.js';

type Position = [number, number];

/** Each of the alert's tracks where it is now, or where it was when the alert began. */
export function alertPositions(alert: AlertView, live: (id: string) => TrackView | undefined): Position[] {
  return alert.tracks.map((reported) => {
    const track = live(reported.id) ?? reported;
    return [track.lon, track.lat];
  });
}

/**
 * Each track from the state the prediction was made on, dead-reckoned to the predicted time of
 * closest approach; none for an alert without a prediction.
 */
export function predictedPaths(alert: AlertView): { from: Position; to: Position }[] {
  const prediction = alert.prediction;
  if (!prediction) return [];
  return alert.tracks.map((track) => ({
    from: [track.lon, track.lat],
    to: ahead([track.lon, track.lat], track.track_deg, track.ground_speed_ms * prediction.closest_in_s),
  }));
}

export function isSeenDeclaration(declaration: AlertView['declaration']): declaration is AlertDeclaration {
  return declaration !== null && 'id' in declaration;
}

/** What the party may not see of the alert, each with where the hub roughly placed it. */
export function unseenOthers(alert: AlertView): (UnseenInAlert & { from: Position; to: Position })[] {
  const declaration = alert.declaration;
  const unseen = [
    ...alert.unseen_tracks,
    ...(declaration !== null && !isSeenDeclaration(declaration) ? [declaration] : []),
  ];
  return unseen.flatMap((other) => {
    const direction = other.direction;
    if (!direction) return [];
    return [
      {
        ...other,
        from: direction.from,
        to: ahead(direction.from, direction.bearing_deg, direction.distance_m),
      },
    ];
  });
}

/** The middle of a set of nearby positions, along great circles. */
export function middle(positions: Position[]): Position {
  const [first, second] = positions;
  if (!first) throw new Error('no positions');
  return second ? (geoInterpolate(first, second)(0.5) as Position) : first;
}

/** The area (or, for a line or route, the path) of the declaration or its volume an alert names. */
export function declaredShape(listing: DeclarationListing, volume: number | null): GeoJSON.Geometry | null {
  const body = listing.declaration;
  const leg = volume === null ? undefined : body.volumes?.[volume];
  if (leg) return areaOf(leg.geometry, leg.radius_m);
  if (body.geometry) return areaOf(body.geometry, body.radius_m);
  if (body.route) return body.route as GeoJSON.LineString;
  return null;
}

/**
 * Where to centre the map for an alert: between its tracks, or between the party's own and where
 * the other roughly is; null when the alert places nothing for this party.
 */
export function alertAnchor(alert: AlertView, live: (id: string) => TrackView | undefined): Position | null {
  const positions = alertPositions(alert, live);
  const [other] = unseenOthers(alert);
  if (other) positions.push(...(positions.length > 0 ? [other.to] : [other.from, other.to]));
  return positions.length > 0 ? middle(positions) : null;
}
