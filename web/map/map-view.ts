// The map: MapLibre GL draws the ground (the operator's vector basemap, or the built-in world
// outline) and owns the camera — dragging pans, the wheel zooms about the pointer —, and an SVG
// above it draws the picture's layers through a d3-geo Mercator projection set from that camera on
// every move, so that both put a place on the same pixel. Polygons are drawn with great-circle
// edges, as the hub reads them. The SVG is the map for the keyboard and for screen readers: the
// arrows pan, + and − zoom. It lets the pointer through to the ground but on its symbols; a click
// on the ground is delivered to whatever the SVG draws there, as if the SVG had been clicked.
// Paths are clipped to the view: zoomed in, an unclipped coastline spans millions of pixels and
// the browser takes seconds to rasterise it.
import { type GeoPermissibleObjects, type GeoProjection, geoBounds, geoMercator, geoPath } from 'd3-geo';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { svg } from '../ui/dom.js';

export interface MapLayer {
  draw(view: MapView): void;
}

const EARTH_RADIUS_M = 6_371_008.8;
/** MapLibre's world is this many pixels wide at zoom 0, twice as wide at each zoom further. */
const WORLD_PX_AT_ZOOM_0 = 512;
/** How far beyond the view paths are kept, so that clipped outlines and strokes stay out of sight. */
const CLIP_MARGIN_PX = 64;
/** Room left about a shape fitted to the view, so its edges and symbols are not at the map's edge. */
const FIT_MARGIN_PX = 48;
/** The d3 Mercator scale a theatre is shown at, at the most: about 150 km across the map. */
const THEATRE_MAX_SCALE = 40_000;
/** How far an arrow key moves the map, and how much + and − zoom it. */
const KEY_PAN_PX = 100;
const KEY_ZOOM = 2;

/** The MapLibre zoom at which the d3 Mercator scale (pixels per radian) is `scale`. */
const zoomOf = (scale: number) => Math.log2((scale * 2 * Math.PI) / WORLD_PX_AT_ZOOM_0);

export class MapView {
  readonly element: SVGSVGElement;
  readonly projection: GeoProjection = geoMercator();
  private readonly layers: MapLayer[] = [];
  private theatre: GeoPermissibleObjects | null = null;
  private readonly clickHandlers: ((position: [number, number], event: MouseEvent) => void)[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly home: { center: [number, number]; spanDegrees: number },
    /** The ground's renderer, for the layers that read what it draws (the places of the tiles). */
    readonly ground: MapLibreMap,
  ) {
    // A stop for Tab: focused, a screen reader says what the map shows, and the keys move it.
    this.element = svg('svg', { class: 'map', role: 'img', tabindex: 0 });
    container.append(this.element);
    this.followCamera();
    this.showTheatre();
    this.listen();
  }

  /**
   * The theatre the map opens on and ⌂ goes back to: what the parties declared, or what the
   * operator's basemap covers; the built-in home until one is known.
   */
  setTheatre(extent: GeoPermissibleObjects | null): void {
    this.theatre = extent;
  }

  /** Back to the whole theatre, as the map first opens. */
  showTheatre(): void {
    // A theatre of one small site is shown about it, not filling the map.
    if (this.theatre) {
      this.fit(this.theatre, THEATRE_MAX_SCALE);
      return;
    }
    const width = this.container.clientWidth || WORLD_PX_AT_ZOOM_0;
    this.ground.jumpTo({
      center: this.home.center,
      zoom: Math.log2((width * 360) / (this.home.spanDegrees * WORLD_PX_AT_ZOOM_0)),
    });
  }

  /** Centres the map on a position, zoomed in to at least `scale`. */
  focus(position: [number, number], scale: number): void {
    this.ground.jumpTo({ center: position, zoom: Math.max(zoomOf(scale), this.ground.getZoom()) });
  }

  /** Shows the whole of a shape with a margin about it, zoomed in no further than `maxScale`. */
  fit(object: GeoPermissibleObjects, maxScale: number): void {
    const [[west, south], [east, north]] = geoBounds(object);
    // A point would fit at an endless scale, a small site at one that shows nothing about it.
    this.ground.fitBounds(
      [
        [west, south],
        [east, north],
      ],
      { padding: FIT_MARGIN_PX, maxZoom: zoomOf(maxScale), animate: false },
    );
  }

  /** Zooms by `factor` about the middle of the map. */
  zoomCentre(factor: number): void {
    this.ground.jumpTo({ zoom: this.ground.getZoom() + Math.log2(factor) });
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

  /** The projection is the camera's: the layers are drawn again whenever the ground moves. */
  private followCamera(): void {
    const follow = () => {
      const { clientWidth, clientHeight } = this.container;
      const { lng, lat } = this.ground.getCenter();
      this.element.setAttribute('viewBox', `0 0 ${clientWidth} ${clientHeight}`);
      this.projection
        .scale((WORLD_PX_AT_ZOOM_0 * 2 ** this.ground.getZoom()) / (2 * Math.PI))
        .center([lng, lat])
        .translate([clientWidth / 2, clientHeight / 2])
        .clipExtent([
          [-CLIP_MARGIN_PX, -CLIP_MARGIN_PX],
          [clientWidth + CLIP_MARGIN_PX, clientHeight + CLIP_MARGIN_PX],
        ]);
      this.redraw();
    };
    this.ground.on('move', follow);
    this.ground.on('resize', follow);
  }

  /** What the SVG draws at a point of the screen, though it lets the pointer through. */
  private drawnAt(clientX: number, clientY: number): SVGElement | null {
    this.element.style.pointerEvents = 'auto';
    const hit = document.elementFromPoint(clientX, clientY);
    this.element.style.pointerEvents = '';
    return hit instanceof SVGElement && hit !== this.element && this.element.contains(hit) ? hit : null;
  }

  private listen(): void {
    // A click on the ground goes to what the SVG draws at that point, which lets the pointer through.
    this.ground.on('click', ({ originalEvent: { clientX, clientY } }) => {
      const target = this.drawnAt(clientX, clientY) ?? this.element;
      target.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX, clientY }));
    });
    // And the title of what is drawn under the pointer (a zone, a conflict's cells) is the map's, so
    // that the browser shows it on hovering as it would over the SVG.
    this.ground.on('mousemove', ({ originalEvent: { clientX, clientY } }) => {
      const titled = this.drawnAt(clientX, clientY)?.closest('g:has(> title)');
      const title = titled?.querySelector(':scope > title')?.textContent ?? '';
      if (this.container.title !== title) this.container.title = title;
    });
    this.element.addEventListener('click', (event) => {
      const box = this.element.getBoundingClientRect();
      const position = this.projection.invert?.([event.clientX - box.left, event.clientY - box.top]);
      if (position) for (const handler of this.clickHandlers) handler([position[0], position[1]], event);
    });
    // Whoever uses the mouse on the map may go on with the keys.
    this.ground.on('mousedown', () => this.element.focus({ preventScroll: true }));
    this.element.addEventListener('keydown', (event) => {
      const pan: Record<string, [number, number]> = {
        ArrowLeft: [-KEY_PAN_PX, 0],
        ArrowRight: [KEY_PAN_PX, 0],
        ArrowUp: [0, -KEY_PAN_PX],
        ArrowDown: [0, KEY_PAN_PX],
      };
      const step = pan[event.key];
      const zoom =
        event.key === '+' || event.key === '=' ? KEY_ZOOM : event.key === '-' ? 1 / KEY_ZOOM : null;
      if (!step && zoom === null) return;
      event.preventDefault();
      if (zoom !== null) return this.zoomCentre(zoom);
      if (step) this.ground.panBy(step, { animate: false });
    });
  }
}
