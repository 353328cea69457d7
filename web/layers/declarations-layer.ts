// Sites, movements, operations, zones and lines that the signed-in party may see (the hub filters),
// as they stand at the time shown: a declaration outside its validity, or an operation's volume
// outside its window, is not drawn; a movement shows its corridor and where its vehicles should be.
// A zone or line whose agreement is suspended is drawn greyed and dotted, labelled on the map as not
// binding, so that nobody steers around a restriction that no longer holds, nor relies on one.

import type { DeclarationListing } from '../hub/views.js';
import { t } from '../i18n/strings.js';
import { forceSymbol } from '../map/force-symbols.js';
import { anchorOf, areaOf } from '../map/geo-shapes.js';
import type { MapLayer, MapView } from '../map/map-view.js';
import { protectedSiteSymbol } from '../map/protected-site-symbols.js';
import { svg } from '../ui/dom.js';
import { expectedPosition } from './movement-position.js';

type Position = [number, number];

export interface DeclarationsSource {
  declarations(): DeclarationListing[];
  ownParty(): string;
  shownTime(): number;
  describe(listing: DeclarationListing): string;
}

const within = (time: number, from: string, until: string) =>
  time >= Date.parse(from) && time <= Date.parse(until);

/** The declarations drawn at `time`: those valid then, areas first so that sites stay on top. */
export function declarationsShownAt(declarations: DeclarationListing[], time: number): DeclarationListing[] {
  const order = ['zone', 'line', 'operation', 'movement', 'site'];
  return declarations
    .filter((listing) => within(time, listing.valid_from, listing.valid_until))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

export class DeclarationsLayer implements MapLayer {
  constructor(
    private readonly group: SVGGElement,
    private readonly source: DeclarationsSource,
  ) {}

  draw(view: MapView): void {
    const time = this.source.shownTime();
    const shown = declarationsShownAt(this.source.declarations(), time);
    this.group.replaceChildren(...shown.map((listing) => this.item(view, listing, time)));
  }

  private item(view: MapView, listing: DeclarationListing, time: number): SVGGElement {
    const own = listing.party === this.source.ownParty();
    const group = svg(
      'g',
      {
        class: `declaration ${listing.kind} ${own ? 'own' : 'other'}${listing.suspended ? ' suspended' : ''}`,
        'data-id': listing.id,
      },
      svg('title', {}, this.source.describe(listing)),
    );
    const body = listing.declaration;
    switch (body.kind) {
      case 'site':
      case 'zone':
        if (body.geometry) {
          group.append(svg('path', { class: 'area', d: view.path(areaOf(body.geometry, body.radius_m)) }));
          const symbol =
            body.kind === 'site'
              ? (protectedSiteSymbol(body.function ?? 'other') ?? forceSymbol('own-position', own))
              : null;
          if (symbol) group.append(at(view, anchorOf(body.geometry), symbol));
        }
        break;
      case 'line':
        if (body.geometry) group.append(...corridor(view, body.geometry, body.half_width_m ?? 0));
        break;
      case 'operation':
        for (const volume of body.volumes ?? []) {
          if (!within(time, volume.time_start, volume.time_end)) continue;
          group.append(
            svg('path', { class: 'area', d: view.path(areaOf(volume.geometry, volume.radius_m)) }),
          );
          const symbol = forceSymbol(body.activity ?? 'ground', own);
          if (symbol) group.append(at(view, anchorOf(volume.geometry), symbol));
        }
        break;
      case 'movement':
        if (body.route && body.schedule) {
          group.append(...corridor(view, body.route, body.half_width_m ?? 0));
          const route = body.route.coordinates as Position[];
          const expected = expectedPosition(route, body.schedule, time);
          const symbol = forceSymbol('movement', own);
          if (symbol) {
            const placed = at(view, expected.position, symbol);
            placed.classList.add('vehicle', expected.phase);
            group.append(placed);
          }
        }
        break;
    }
    const shape = body.geometry ?? body.route;
    if (listing.suspended && shape) group.append(suspendedLabel(view, anchorOf(shape)));
    return group;
  }
}

function at(view: MapView, position: Position, content: SVGElement): SVGGElement {
  const [x, y] = view.project(position);
  return svg('g', { class: 'symbol', transform: `translate(${x},${y})` }, content);
}

/** A route and its corridor: the corridor as a stroke as wide as the declared half-width, both sides. */
function corridor(
  view: MapView,
  route: { type: string; coordinates: unknown[] },
  halfWidthM: number,
): SVGElement[] {
  const d = view.path(route as GeoJSON.LineString);
  const latitude = anchorOf(route)[1];
  const width = Math.max(2, 2 * halfWidthM * view.pixelsPerMetre(latitude));
  return [svg('path', { class: 'corridor', d, 'stroke-width': width }), svg('path', { class: 'route', d })];
}

/** Said on the map where a suspended zone or line is, not only in its tooltip. */
function suspendedLabel(view: MapView, position: Position): SVGElement {
  const [x, y] = view.project(position);
  return svg('text', { class: 'suspended-label', x, y }, t('suspendedDoesNotBind'));
}
