// Live tracks as their owners report them: a symbol (friend for the viewer's own, unknown for the
// rest; air or ground), a leader to where the velocity takes it in a minute, and the asset's id.
// A track fades as its last report ages and is gone once the hub would have dropped it.
import type { TrackView } from '../hub/views.js';
import { trackSymbol } from '../map/force-symbols.js';
import { ahead } from '../map/geo-shapes.js';
import type { MapLayer, MapView } from '../map/map-view.js';
import { callsign } from '../ui/describe.js';
import { svg } from '../ui/dom.js';
import { STALE_AFTER_MS } from '../watch/live-tracks.js';

export interface TracksSource {
  tracks(): TrackView[];
  ownParty(): string;
  describe(track: TrackView): string;
}

/** The leader shows a minute of travel, the horizon an officer reads a closing speed against. */
const LEADER_S = 60;
/** A report this recent is drawn at full strength; older ones fade towards FADED_OPACITY. */
const FRESH_MS = 10_000;
const FADED_OPACITY = 0.25;
const LABEL_OFFSET_PX = 13;

export class TracksLayer implements MapLayer {
  constructor(
    private readonly group: SVGGElement,
    private readonly source: TracksSource,
  ) {}

  draw(view: MapView): void {
    const now = Date.now();
    this.group.replaceChildren(...this.source.tracks().map((track) => this.item(view, track, now)));
  }

  private item(view: MapView, track: TrackView, now: number): SVGGElement {
    const own = track.party === this.source.ownParty();
    const airborne = track.airborne ?? false;
    const age = now - Date.parse(track.time);
    const fade = Math.min(1, Math.max(0, (age - FRESH_MS) / (STALE_AFTER_MS - FRESH_MS)));
    const [x, y] = view.project([track.lon, track.lat]);
    const [lx, ly] = view.project(
      ahead([track.lon, track.lat], track.track_deg, track.ground_speed_ms * LEADER_S),
    );
    return svg(
      'g',
      {
        class: `track ${own ? 'own' : 'other'} ${airborne ? 'air' : 'ground'}${fade > 0 ? ' fading' : ''}`,
        'data-track': track.id,
        opacity: (1 - fade * (1 - FADED_OPACITY)).toFixed(2),
      },
      svg('title', {}, this.source.describe(track)),
      svg('line', { class: 'leader', x1: x, y1: y, x2: lx, y2: ly }),
      svg('g', { transform: `translate(${x},${y})` }, trackSymbol(own, airborne)),
      svg('text', { class: 'track-label', x: x + LABEL_OFFSET_PX, y: y + LABEL_OFFSET_PX }, callsign(track)),
    );
  }
}
