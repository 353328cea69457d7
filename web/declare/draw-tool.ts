// Drawing a shape on the map: a polygon or a route vertex by vertex, or a circle by its centre and a
// point on its edge, each point clicked, typed, or put under the crosshair in the middle of the map
// with the arrow keys and added with Enter, so that the keyboard draws as the mouse does; the last
// one can be undone. What is drawn so far is shown as a layer; the panel takes the finished shape,
// and gives one back to be amended.
import { geoDistance } from 'd3-geo';
import { circlePolygon } from '../map/geo-shapes.js';
import type { MapLayer, MapView } from '../map/map-view.js';
import { svg } from '../ui/dom.js';

type Position = [number, number];
export type ShapeKind = 'polygon' | 'circle' | 'route';

export type Shape =
  | { kind: 'polygon'; ring: Position[] }
  | { kind: 'circle'; center: Position; radiusM: number }
  | { kind: 'route'; points: Position[] };

const EARTH_RADIUS_M = 6_371_008.8;
const CROSSHAIR_PX = 16;
const RADIANS = Math.PI / 180;

/** The point `distanceM` due east of `center` on the sphere d3's geoDistance measures on. */
function eastOf([lon, lat]: Position, distanceM: number): Position {
  const d = distanceM / EARTH_RADIUS_M;
  const phi = lat * RADIANS;
  const phi2 = Math.asin(Math.sin(phi) * Math.cos(d));
  const dLon = Math.atan2(Math.sin(d) * Math.cos(phi), Math.cos(d) - Math.sin(phi) * Math.sin(phi2));
  return [lon + dLon / RADIANS, phi2 / RADIANS];
}

export class DrawTool implements MapLayer {
  private mode: ShapeKind | null = null;
  private points: Position[] = [];
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly group: SVGGElement,
    private readonly view: MapView,
  ) {
    view.onClick((position) => this.add(position));
    view.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || this.mode === null) return;
      const centre = this.centre();
      if (!centre) return;
      event.preventDefault();
      this.add(centre);
    });
  }

  /** Where the crosshair is: the middle of the map, in longitude and latitude. */
  private centre(): Position | null {
    const { clientWidth, clientHeight } = this.view.element;
    const position = this.view.projection.invert?.([clientWidth / 2, clientHeight / 2]);
    return position ? [position[0], position[1]] : null;
  }

  /** Adds a point, as a click on the map does; a third point of a circle starts it again. */
  add(position: Position): void {
    if (this.mode === null) return;
    if (this.mode === 'circle' && this.points.length === 2) this.points = [];
    this.points.push(position);
    this.view.redraw();
    this.changed();
  }

  /** Removes the last point added. */
  undo(): void {
    if (this.points.pop() === undefined) return;
    this.view.redraw();
    this.changed();
  }

  get pointCount(): number {
    return this.points.length;
  }

  /** Shows a finished shape to be changed: a polygon's ring open again, a circle by a point due east on its edge. */
  load(shape: Shape): void {
    this.start(shape.kind);
    this.points =
      shape.kind === 'polygon'
        ? shape.ring.slice(0, -1)
        : shape.kind === 'route'
          ? [...shape.points]
          : [shape.center, eastOf(shape.center, shape.radiusM)];
    this.view.redraw();
    this.changed();
  }

  get drawing(): ShapeKind | null {
    return this.mode;
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  start(mode: ShapeKind): void {
    this.mode = mode;
    this.points = [];
    this.view.element.classList.add('drawing');
    this.view.redraw();
    this.changed();
  }

  clear(): void {
    this.mode = null;
    this.points = [];
    this.view.element.classList.remove('drawing');
    this.view.redraw();
    this.changed();
  }

  /** The shape, once it has enough points to be one. */
  shape(): Shape | null {
    const [first, second] = this.points;
    switch (this.mode) {
      case 'polygon':
        return this.points.length >= 3
          ? { kind: 'polygon', ring: [...this.points, this.points[0] as Position] }
          : null;
      case 'circle':
        return first && second
          ? {
              kind: 'circle',
              center: first,
              radiusM: Math.round(geoDistance(first, second) * EARTH_RADIUS_M),
            }
          : null;
      case 'route':
        return this.points.length >= 2 ? { kind: 'route', points: [...this.points] } : null;
      default:
        return null;
    }
  }

  draw(view: MapView): void {
    const shape = this.shape();
    const outline =
      shape?.kind === 'circle'
        ? view.path(circlePolygon(shape.center, shape.radiusM))
        : this.points.length > 1
          ? view.path({
              type: 'LineString',
              coordinates:
                this.mode === 'polygon' && shape ? [...this.points, this.points[0] as Position] : this.points,
            })
          : '';
    const [x, y] = [view.element.clientWidth / 2, view.element.clientHeight / 2];
    this.group.replaceChildren(
      svg('path', { class: 'drawn', d: outline }),
      ...this.points.map((point) => {
        const [px, py] = view.project(point);
        return svg('circle', { class: 'vertex', cx: px, cy: py, r: 4 });
      }),
      // Shown while the map has the keyboard's focus (style.css): where Enter adds a point.
      ...(this.mode === null
        ? []
        : [
            svg('path', {
              class: 'centre-crosshair',
              d: `M${x - CROSSHAIR_PX},${y}H${x + CROSSHAIR_PX}M${x},${y - CROSSHAIR_PX}V${y + CROSSHAIR_PX}`,
            }),
          ]),
    );
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
