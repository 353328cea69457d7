// Where and when a conflict is, told coarsely: 0.25° cells (about 28 km north–south) and whole
// hours. Each pair of volumes is placed by the smaller of the two grown by the horizontal minimum,
// since the two come within the minimum of each other only there.
import { boundingCap } from '../geo/bounding-cap.js';
import { MIN_METRES_PER_RADIAN } from '../geo/geodesic.js';
import type { Volume } from '../geo/shape.js';
import { type LonLatBox, volumeBoxes } from './lon-lat-boxes.js';
import type { CoarseExtent } from './recorded-conflict.js';

const CELL_DEG = 0.25;
const HOUR_MS = 3_600_000;

function snapped(box: LonLatBox): LonLatBox {
  const down = (x: number, min: number) => Math.max(min, Math.floor(x / CELL_DEG) * CELL_DEG);
  const up = (x: number, max: number) => Math.min(max, Math.ceil(x / CELL_DEG) * CELL_DEG);
  return {
    minX: down(box.minX, -180),
    minY: down(box.minY, -90),
    maxX: up(box.maxX, 180),
    maxY: up(box.maxY, 90),
  };
}

export function coarseExtent(pairs: readonly { a: Volume; b: Volume; horizontalM: number }[]): CoarseExtent {
  const boxes = new Map<string, LonLatBox>();
  let from = Number.POSITIVE_INFINITY;
  let until = Number.NEGATIVE_INFINITY;
  for (const { a, b, horizontalM } of pairs) {
    const reach = (v: Volume) => boundingCap(v.shape.core).radius * MIN_METRES_PER_RADIAN + v.shape.radiusM;
    const smaller = reach(a) <= reach(b) ? a : b;
    for (const box of volumeBoxes(smaller, horizontalM).map(snapped)) {
      boxes.set(`${box.minX},${box.minY},${box.maxX},${box.maxY}`, box);
    }
    from = Math.min(from, Math.max(a.timeStart, b.timeStart), Math.min(a.timeEnd, b.timeEnd));
    until = Math.max(until, Math.min(a.timeEnd, b.timeEnd), Math.max(a.timeStart, b.timeStart));
  }
  return {
    area: [...boxes.values()],
    from: Math.floor(from / HOUR_MS) * HOUR_MS,
    until: Math.ceil(until / HOUR_MS) * HOUR_MS,
  };
}
