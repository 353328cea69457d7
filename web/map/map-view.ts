// The map: an SVG drawn through a d3-geo projection, which needs no GPU and no tiles. Polygons are
// drawn with great-circle edges, as the hub reads them. Dragging pans, the wheel zooms about the
// pointer; from the keyboard the arrows pan, + and − zoom. Every change redraws the layers, since
// projected coordinates change with the view.
// Paths are clipped to the view: zoomed in, an unclipped coastline spans millions of pixels and
// the browser takes seconds to rasterise it.
import { type GeoPermissibleObjects, type GeoProjection, geoBounds, geoMercator, geoPath } from 'd3-geo';
import { svg } from '../ui/dom.js';

export interface MapLayer {
  draw(view: MapView): void;
}

const EARTH_RADIUS_M = 6_371_008.8;
/** Pointer travel below which a press is a click rather than a drag. */
const CLICK_SLOP_PX = 4;
/** How far beyond the view paths are kept, so that clipped outlines and strokes stay out of sight. */
const CLIP_MARGIN_PX = 64;
/** Room left about a shape fitted to the view, so its edges and symbols are not at the map's edge. */
const FIT_MARGIN_PX = 48;
/** How far an arrow key moves the map, and how much + and − zoom it. */
const KEY_PAN_PX = 100;
const KEY_ZOOM = 2;

export class MapView {
  readonly element: SVGSVGElement;
  readonly projection: GeoProjection;
  private readonly layers: MapLayer[] = [];
  private readonly clickHandlers: ((position: [number, number], event: MouseEvent) => void)[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly home: { center: [number, number]; spanDegrees: number },
  ) {
    // A stop for Tab: focused, a screen reader says what the map shows, and the keys move it.
    this.element = svg('svg', { class: 'map', role: 'img', tabindex: 0 });
    container.append(this.element);
    this.projection = geoMercator();
    this.showTheatre();
    this.listen();
    new ResizeObserver(() => this.resize()).observe(container);
  }

  /** Back to the whole theatre, as the map first opens. */
  showTheatre(): void {
    const { clientWidth, clientHeight } = this.container;
    this.clipToView();
    this.projection
      .center(this.home.center)
      .scale((180 / Math.PI) * (clientWidth / this.home.spanDegrees))
      .translate([clientWidth / 2, clientHeight / 2]);
    this.redraw();
  }

  /** Centres the map on a position, zoomed in to at least `scale`. */
  focus(position: [number, number], scale: number): void {
    this.projection.scale(Math.max(scale, this.projection.scale()));
    this.centre(position);
  }

  /** Shows the whole of a shape with a margin about it, zoomed in no further than `maxScale`. */
  fit(object: GeoPermissibleObjects, maxScale: number): void {
    const { clientWidth, clientHeight } = this.container;
    const [[west, south], [east, north]] = geoBounds(object);
    this.projection.fitExtent(
      [
        [FIT_MARGIN_PX, FIT_MARGIN_PX],
        [clientWidth - FIT_MARGIN_PX, clientHeight - FIT_MARGIN_PX],
      ],
      object,
    );
    // A point would fit at an endless scale, a small site at one that shows nothing about it.
    if (this.projection.scale() <= maxScale) this.redraw();
    else {
      this.projection.scale(maxScale).translate([0, 0]);
      this.centre([(west + east) / 2, (south + north) / 2]);
    }
  }

  private centre(position: [number, number]): void {
    const { clientWidth, clientHeight } = this.container;
    const [x, y] = this.project(position);
    const [tx, ty] = this.projection.translate();
    this.projection.translate([tx + clientWidth / 2 - x, ty + clientHeight / 2 - y]);
    this.redraw();
  }

  /** Zooms by `factor` about the middle of the map. */
  zoomCentre(factor: number): void {
    this.zoom(factor, [this.container.clientWidth / 2, this.container.clientHeight / 2]);
  }

  /** A group for one layer, stacked in the order asked for. */
  group(name: string): SVGGElement {
    const group = svg('g', { class: `layer ${name}` });
    this.element.append(group);
    return group;
  }

  add(layer: MapLayer): void {
    this.layers.push(layer);
    layer.draw(this);
  }

  redraw(): void {
    for (const layer of this.layers) layer.draw(this);
  }

  /** SVG path data for a GeoJSON object, or '' where it is out of view. */
  path(object: GeoPermissibleObjects): string {
    return geoPath(this.projection)(object) ?? '';
  }

  project(position: [number, number]): [number, number] {
    return this.projection(position) ?? [Number.NaN, Number.NaN];
  }

  /** Screen pixels per metre on the ground near `latitude` (Mercator stretches by 1/cos φ). */
  pixelsPerMetre(latitude: number): number {
    return this.projection.scale() / (EARTH_RADIUS_M * Math.cos((latitude * Math.PI) / 180));
  }

  /** Called with the longitude and latitude of each click that was not a drag. */
  onClick(handler: (position: [number, number], event: MouseEvent) => void): void {
    this.clickHandlers.push(handler);
  }

  private resize(): void {
    const { clientWidth, clientHeight } = this.element;
    this.element.setAttribute('viewBox', `0 0 ${clientWidth} ${clientHeight}`);
    this.clipToView();
    this.redraw();
  }

  private clipToView(): void {
    const { clientWidth, clientHeight } = this.container;
    this.projection.clipExtent([
      [-CLIP_MARGIN_PX, -CLIP_MARGIN_PX],
      [clientWidth + CLIP_MARGIN_PX, clientHeight + CLIP_MARGIN_PX],
    ]);
  }

  private listen(): void {
    let pressed: { x: number; y: number; moved: boolean } | null = null;
    this.element.addEventListener('pointerdown', (event) => {
      pressed = { x: event.clientX, y: event.clientY, moved: false };
    });
    this.element.addEventListener('pointermove', (event) => {
      if (!pressed) return;
      const dx = event.clientX - pressed.x;
      const dy = event.clientY - pressed.y;
      if (!pressed.moved && Math.hypot(dx, dy) < CLICK_SLOP_PX) return;
      if (!pressed.moved) this.element.setPointerCapture(event.pointerId);
      pressed = { x: event.clientX, y: event.clientY, moved: true };
      const [tx, ty] = this.projection.translate();
      this.projection.translate([tx + dx, ty + dy]);
      this.redraw();
    });
    this.element.addEventListener('pointerup', (event) => {
      const wasClick = pressed !== null && !pressed.moved;
      pressed = null;
      if (!wasClick) return;
      const position = this.projection.invert?.(this.pointer(event));
      if (position) for (const handler of this.clickHandlers) handler([position[0], position[1]], event);
    });
    this.element.addEventListener('keydown', (event) => {
      const pan: Record<string, [number, number]> = {
        ArrowLeft: [KEY_PAN_PX, 0],
        ArrowRight: [-KEY_PAN_PX, 0],
        ArrowUp: [0, KEY_PAN_PX],
        ArrowDown: [0, -KEY_PAN_PX],
      };
      const step = pan[event.key];
      const zoom =
        event.key === '+' || event.key === '=' ? KEY_ZOOM : event.key === '-' ? 1 / KEY_ZOOM : null;
      if (!step && zoom === null) return;
      event.preventDefault();
      if (zoom !== null) return this.zoomCentre(zoom);
      const [tx, ty] = this.projection.translate();
      this.projection.translate([tx + (step?.[0] ?? 0), ty + (step?.[1] ?? 0)]);
      this.redraw();
    });
    this.element.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        this.zoom(Math.exp(-event.deltaY / 500), this.pointer(event));
      },
      { passive: false },
    );
  }

  /** Scales the map by `factor`, keeping the point under `about` where it is. */
  zoom(factor: number, about: [number, number]): void {
    const [tx, ty] = this.projection.translate();
    this.projection.scale(this.projection.scale() * factor);
    this.projection.translate([about[0] - (about[0] - tx) * factor, about[1] - (about[1] - ty) * factor]);
    this.redraw();
  }

  private pointer(event: MouseEvent): [number, number] {
    const box = this.element.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  }
}
