// Conservative longitude/latitude boxes around a spherical cap, for a 2-D R-tree. Degrees of
// longitude and latitude on the unit sphere are the geodetic ones (n-vectors are built from them),
// so a box holding the cap holds every point the cap holds. A cap across the antimeridian gets two
// boxes, one on each side, and a cap that holds a pole spans every longitude, so that two caps
// sharing any point always have boxes that overlap: the pre-filter can only admit too much.
import { boundingCap, type Cap } from '../geo/bounding-cap.js';
import { MIN_METRES_PER_RADIAN } from '../geo/geodesic.js';
import { lonLatOf } from '../geo/n-vector.js';
import type { Volume } from '../geo/shape.js';

export interface LonLatBox {
  /** Longitudes in [-180, 180], latitudes in [-90, 90], degrees. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

const DEGREES_PER_RADIAN = 180 / Math.PI;
/** Degrees added all round for rounding in atan2/asin (about 0.1 mm, some 10⁵ times their error). */
const MARGIN_DEG = 1e-9;
const WORLD: LonLatBox = { minX: -180, minY: -90, maxX: 180, maxY: 90 };

/** The boxes of `cap` grown by `widenRad` radians: one, or two when it crosses the antimeridian. */
export function lonLatBoxes(cap: Cap, widenRad: number): LonLatBox[] {
  const radius = cap.radius + widenRad;
  if (!(radius < Math.PI / 2)) return [WORLD];
  const [lon, lat] = lonLatOf(cap.centre);
  const radiusDeg = radius * DEGREES_PER_RADIAN + MARGIN_DEG;
  const minY = lat - radiusDeg;
  const maxY = lat + radiusDeg;
  // A cap reaching a pole holds points of every longitude.
  if (maxY >= 90 || minY <= -90)
    return [{ minX: -180, minY: Math.max(minY, -90), maxX: 180, maxY: Math.min(maxY, 90) }];
  // The widest longitude of a cap that holds no pole: sin Δλ = sin r / cos φ (the tangent meridians).
  const ratio = Math.sin(radius) / Math.cos(lat / DEGREES_PER_RADIAN);
  if (!(ratio < 1 - 1e-9)) return [{ minX: -180, minY, maxX: 180, maxY }];
  const halfDeg = Math.asin(ratio) * DEGREES_PER_RADIAN + MARGIN_DEG;
  const minX = lon - halfDeg;
  const maxX = lon + halfDeg;
  const boxes: LonLatBox[] = [{ minX: Math.max(minX, -180), minY, maxX: Math.min(maxX, 180), maxY }];
  // Inclusive, so that a point on the antimeridian is found whether written 180 or -180.
  if (maxX >= 180) boxes.push({ minX: -180, minY, maxX: maxX - 360, maxY });
  if (minX <= -180) boxes.push({ minX: minX + 360, minY, maxX: 180, maxY });
  return boxes;
}

/** The boxes of a volume's shape grown by `extraM` metres, converted at the fewest metres a radian can be. */
export function volumeBoxes(volume: Volume, extraM: number): LonLatBox[] {
  return lonLatBoxes(boundingCap(volume.shape.core), (volume.shape.radiusM + extraM) / MIN_METRES_PER_RADIAN);
}
