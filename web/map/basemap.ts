// Country outlines from Natural Earth (the world-atlas package, public domain data, copied into the
// build), so the map is drawn with no tile server and no internet.

import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { svg } from '../ui/dom.js';
import type { MapLayer, MapView } from './map-view.js';

type Countries = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** The outlines' file, named by its content when the picture is built (scripts/build-web.ts). */
declare const WORLD_OUTLINE_URL: string;

export class Basemap implements MapLayer {
  private constructor(
    private readonly group: SVGGElement,
    private readonly land: GeoJSON.FeatureCollection | GeoJSON.Feature,
    private readonly borders: GeoJSON.MultiLineString,
  ) {}

  static async load(view: MapView): Promise<Basemap> {
    const topology = (await (await fetch(WORLD_OUTLINE_URL)).json()) as Countries;
    return new Basemap(
      view.group('basemap'),
      feature(topology, topology.objects.land),
      mesh(topology, topology.objects.countries, (a, b) => a !== b),
    );
  }

  draw(view: MapView): void {
    this.group.replaceChildren(
      svg('path', { class: 'sea', d: view.path({ type: 'Sphere' }) }),
      svg('path', { class: 'land', d: view.path(this.land) }),
      svg('path', { class: 'borders', d: view.path(this.borders) }),
    );
  }
}
