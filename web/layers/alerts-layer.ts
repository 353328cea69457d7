// Open alerts on the map. A predicted loss of separation: a line between the two tracks, each one's
// predicted path to its closest point, and the ring of the horizontal minimum about the closest
// approach, so the officer sees who closes on whom, where, and by how much. An intrusion or a
// non-conformance: the declared place concerned, highlighted, and a ring about each track. What the
// party may not see — another's unshared track, a site hidden from it — the hub gives only as a
// rounded bearing and distance from the party's own track or place: drawn as a dashed pointer that
// ends in the other party's name, never as a position the hub did not give.
import type { AlertView, DeclarationListing, TrackView } from '../hub/views.js';
import { circlePolygon } from '../map/geo-shapes.js';
import type { MapLayer, MapView } from '../map/map-view.js';
import { svg } from '../ui/dom.js';
import {
  alertPositions,
  declaredShape,
  isSeenDeclaration,
  middle,
  predictedPaths,
  unseenOthers,
} from '../watch/alert-geometry.js';

export interface AlertsSource {
  alerts(): AlertView[];
  liveTrack(id: string): TrackView | undefined;
  declaration(id: string): DeclarationListing | undefined;
  describe(alert: AlertView): string;
  partyName(id: string): string;
}

/** Screen radius of the ring about a track, large enough to circle its symbol. */
const TRACK_RING_PX = 18;
const CLOSEST_POINT_PX = 4;
/** The label at the end of a pointer, off the line's end so it does not cover it. */
const LABEL_OFFSET_PX = 6;

export class AlertsLayer implements MapLayer {
  constructor(
    private readonly group: SVGGElement,
    private readonly source: AlertsSource,
  ) {}

  draw(view: MapView): void {
    this.group.replaceChildren(...this.source.alerts().map((alert) => this.item(view, alert)));
  }

  private item(view: MapView, alert: AlertView): SVGGElement {
    const group = svg(
      'g',
      { class: `alert kind-${alert.kind}`, 'data-alert': alert.id },
      svg('title', {}, this.source.describe(alert)),
    );
    const positions = alertPositions(alert, (id) => this.source.liveTrack(id));
    if (alert.kind === 'loss-of-separation') {
      const paths = predictedPaths(alert);
      if (alert.prediction && paths.length > 0)
        group.append(
          svg('path', {
            class: 'minimum-ring',
            d: view.path(circlePolygon(middle(paths.map((p) => p.to)), alert.prediction.minima.horizontal_m)),
          }),
          ...paths.flatMap(({ from, to }) => {
            const [x, y] = view.project(to);
            return [
              svg('path', {
                class: 'predicted-path',
                d: view.path({ type: 'LineString', coordinates: [from, to] }),
              }),
              svg('circle', { class: 'closest-point', cx: x, cy: y, r: CLOSEST_POINT_PX }),
            ];
          }),
        );
      if (positions.length > 1)
        group.append(
          svg('path', {
            class: 'separation-line',
            d: view.path({ type: 'LineString', coordinates: positions }),
          }),
        );
    } else if (isSeenDeclaration(alert.declaration)) {
      const listing = this.source.declaration(alert.declaration.id);
      const shape = listing && declaredShape(listing, alert.declaration.volume);
      if (shape)
        group.append(
          svg('path', {
            class: `alert-area ${shape.type === 'LineString' ? 'path' : ''}`,
            d: view.path(shape),
          }),
        );
    }
    for (const other of unseenOthers(alert)) {
      const [x, y] = view.project(other.to);
      group.append(
        svg('path', {
          class: 'bearing-line',
          'data-party': other.party,
          d: view.path({ type: 'LineString', coordinates: [other.from, other.to] }),
        }),
        svg(
          'text',
          { class: 'bearing-label', x: x + LABEL_OFFSET_PX, y: y - LABEL_OFFSET_PX },
          this.source.partyName(other.party),
        ),
      );
    }
    for (const position of positions) {
      const [x, y] = view.project(position);
      group.append(svg('circle', { class: 'track-ring', cx: x, cy: y, r: TRACK_RING_PX }));
    }
    return group;
  }
}
