// The declared places a track can intrude on, indexed for a point query per report: restricted
// zones and lines (for the party and activities they restrict), protected sites (grown by the
// separation minima between their owner and the track's party) and convoy corridors (each leg, with
// when the convoy is due on it). Kept in a uniform longitude/latitude grid of arrays of area numbers
// built from the conservative boxes of lon-lat-boxes.ts, each area with its bounding cap grown by its
// reach for a dot-product pre-filter, packed in one typed array: a report touches one cell and, in
// it, only numbers, until an area is close enough for the exact predicates to decide. Kept current by the engine as
// declarations change.
import type { Declaration, DeclaredVolume } from '../deconfliction/declaration.js';
import { volumeBoxes } from '../deconfliction/lon-lat-boxes.js';
import { DEFAULT_DELAY_TOLERANCE_S } from '../deconfliction/read-declaration.js';
import { boundingCap } from '../geo/bounding-cap.js';
import { MIN_METRES_PER_RADIAN } from '../geo/geodesic.js';
import type { Vertex } from '../geo/shape.js';
import type { ScheduledLeg } from './convoy-stretch.js';
import { dividesTheCircle } from './grid-cells.js';
import { grownFrom } from './grown-array.js';

export type AreaRole = 'restricted-area' | 'protected-site' | 'convoy-corridor';

export interface WatchedArea {
  declaration: Declaration;
  /** Position of the volume in the declaration's volumes. */
  position: number;
  volume: DeclaredVolume;
  role: AreaRole;
  /** For a convoy corridor's leg: when the convoy is due on it. */
  leg: ScheduledLeg | null;
  /** The grid cells holding this area, for removal. */
  cells: number[];
}

/** Slack on the pre-filter's angle (radians, ~6 µm): rounding of the caps and of the track's n-vector. */
const ANGLE_SLACK = 1e-12;

/** Per area number in `caps`: the bounding cap's centre, and the cosine of the widest angle from it at which a track can still violate. */
const CAP = 4;

export class DeclaredAreas {
  private readonly areas: (WatchedArea | null)[] = [];
  /** The pre-filter's numbers, packed so that a report's candidates are read from one array. */
  private caps = new Float64Array(1024 * CAP);
  private readonly free: number[] = [];
  private readonly byDeclaration = new Map<string, number[]>();
  private readonly buckets = new Map<number, number[]>();
  private readonly columns: number;
  private readonly rows: number;

  /**
   * `reachOf(party)` is the largest horizontal minimum the party may have with any other: a site or
   * corridor is indexed that far around it.
   */
  constructor(
    private readonly cellDeg: number,
    private readonly reachOf: (party: string) => number,
  ) {
    if (!dividesTheCircle(cellDeg)) throw new RangeError('cellDeg must divide 360');
    this.columns = Math.round(360 / cellDeg);
    this.rows = Math.ceil(180 / cellDeg);
  }

  get size(): number {
    return this.areas.length - this.free.length;
  }

  area(index: number): WatchedArea {
    return this.areas[index] as WatchedArea;
  }

  /**
   * Whether a track at unit vector (x, y, z) may be in violation of area `index`: false only when
   * it is certainly too far from it (the conservative pre-filter in front of the exact checks).
   */
  mayReach(index: number, x: number, y: number, z: number): boolean {
    const at = index * CAP;
    const c = this.caps;
    return (
      x * (c[at] as number) + y * (c[at + 1] as number) + z * (c[at + 2] as number) >= (c[at + 3] as number)
    );
  }

  /** A declaration's area for one of its volumes, while the declaration is live. */
  areaOf(declaration: string, position: number): WatchedArea | undefined {
    for (const index of this.byDeclaration.get(declaration) ?? []) {
      const area = this.areas[index] as WatchedArea;
      if (area.position === position) return area;
    }
    return undefined;
  }

  /** The area numbers in the cell of a position (none, or some that may apply): read, do not keep. */
  near(lon: number, lat: number): readonly number[] | undefined {
    return this.buckets.get(this.cellKey(this.row(lat), this.column(lon)));
  }

  /** Indexes a live declaration's areas, replacing any earlier version. Operations have none. */
  put(declaration: Declaration): void {
    this.remove(declaration.id);
    const role = roleOf(declaration);
    if (role === null) return;
    const numbers: number[] = [];
    const legs = role === 'convoy-corridor' ? scheduledLegs(declaration) : null;
    declaration.volumes.forEach((volume, position) => {
      const reachM = role === 'restricted-area' ? 0 : this.reachOf(declaration.party);
      const cap = boundingCap(volume.shape.core);
      const angle = cap.radius + (volume.shape.radiusM + reachM) / MIN_METRES_PER_RADIAN + ANGLE_SLACK;
      const area: WatchedArea = {
        declaration,
        position,
        volume,
        role,
        leg: legs === null ? null : (legs[position] as ScheduledLeg),
        cells: [],
      };
      const index = this.free.pop() ?? this.areas.length;
      this.areas[index] = area;
      if ((index + 1) * CAP > this.caps.length)
        this.caps = grownFrom(new Float64Array(this.caps.length * 2), this.caps);
      this.caps.set(
        [cap.centre[0], cap.centre[1], cap.centre[2], angle < Math.PI ? Math.cos(angle) : -1],
        index * CAP,
      );
      numbers.push(index);
      for (const box of volumeBoxes(volume, reachM)) {
        for (let row = this.row(box.minY); row <= this.row(box.maxY); row++) {
          const lastColumn = Math.min(this.columns - 1, Math.floor((box.maxX + 180) / this.cellDeg));
          for (let column = Math.floor((box.minX + 180) / this.cellDeg); column <= lastColumn; column++) {
            const key = this.cellKey(row, column);
            area.cells.push(key);
            const bucket = this.buckets.get(key);
            if (bucket === undefined) this.buckets.set(key, [index]);
            else bucket.push(index);
          }
        }
      }
    });
    this.byDeclaration.set(declaration.id, numbers);
  }

  /** Drops a declaration's areas (withdrawn, expired, or about to be replaced). */
  remove(id: string): void {
    const numbers = this.byDeclaration.get(id);
    if (numbers === undefined) return;
    for (const index of numbers) {
      const area = this.areas[index] as WatchedArea;
      for (const key of area.cells) {
        const bucket = this.buckets.get(key) as number[];
        const at = bucket.indexOf(index);
        bucket[at] = bucket[bucket.length - 1] as number;
        bucket.pop();
        if (bucket.length === 0) this.buckets.delete(key);
      }
      this.areas[index] = null;
      this.free.push(index);
    }
    this.byDeclaration.delete(id);
  }

  private row(lat: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((lat + 90) / this.cellDeg)));
  }

  private column(lon: number): number {
    // Longitude 180 is the antimeridian, the same cell as -180 (boxes reaching it hold both sides).
    return Math.floor((lon + 180) / this.cellDeg) % this.columns;
  }

  private cellKey(row: number, column: number): number {
    return row * this.columns + column;
  }
}

function roleOf(declaration: Declaration): AreaRole | null {
  switch (declaration.kind) {
    case 'zone':
    case 'line':
      return 'restricted-area';
    case 'site':
      return 'protected-site';
    case 'movement':
      return 'convoy-corridor';
    case 'operation':
      return null;
  }
}

/**
 * A movement's legs with their schedule, from its volumes: each leg's window opens when the convoy is
 * due at its start and closes at its end's due time plus the tolerance (read-declaration.ts).
 */
export function scheduledLegs(declaration: Declaration): ScheduledLeg[] {
  const body = declaration.body;
  const toleranceMs =
    (body.kind === 'movement' ? (body.delay_tolerance_s ?? DEFAULT_DELAY_TOLERANCE_S) : 0) * 1000;
  return declaration.volumes.map((volume) => {
    const core = volume.shape.core;
    if (core.kind !== 'polyline')
      throw new Error(`movement ${declaration.id} has a leg that is not a polyline`);
    return {
      from: core.vertices[0] as Vertex,
      to: core.vertices[core.vertices.length - 1] as Vertex,
      dueFrom: volume.timeStart,
      dueTo: volume.timeEnd - toleranceMs,
      toleranceMs,
    };
  });
}
