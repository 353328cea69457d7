// What a party is told about a conflict. Where it may see the other declaration: everything, with
// the exact measures. Where it may not: the owning party, a coarse area and hours, the roster to
// call, and the id and version it must name in its key — nothing of the shape, band or times.
import { maySee } from './declaration.js';
import type { DeconflictionState, KnownDeclaration } from './deconfliction-state.js';
import type { LonLatBox } from './lon-lat-boxes.js';
import {
  type CoarseExtent,
  type ConflictSide,
  conflictSummary,
  type PairMeasures,
  type RecordedConflict,
} from './recorded-conflict.js';

const iso = (ms: number) => new Date(ms).toISOString();
const boxArray = (box: LonLatBox) => [box.minX, box.minY, box.maxX, box.maxY];

/** What a visible side is called: its kind and title (of the current version, for a past conflict). */
type Described = { kind: string; title: string };

function sideView(side: ConflictSide, described: Described | null) {
  return {
    id: side.declaration,
    version: side.version,
    party: side.party,
    roster: side.roster,
    ...(described ? { kind: described.kind, title: described.title } : {}),
  };
}

function described(declaration: KnownDeclaration | undefined, viewer: string): Described | null {
  return declaration !== undefined && maySee(declaration, viewer)
    ? { kind: declaration.kind, title: declaration.body.title }
    : null;
}

function extentView(extent: CoarseExtent) {
  return { area: extent.area.map(boxArray), hours: { from: iso(extent.from), until: iso(extent.until) } };
}

function measuresView(pairs: readonly PairMeasures[]) {
  const summary = conflictSummary(pairs);
  const overlap = (o: { start: number; end: number } | null) =>
    o ? { start: iso(o.start), end: iso(o.end) } : null;
  return {
    overlap: overlap(summary.overlap),
    horizontal_distance_m: summary.horizontalDistanceM,
    vertical_gap_m: summary.verticalGapM,
    time_gap_s: summary.timeGapS,
    pairs: pairs.map((p) => ({
      volumes: p.volumes,
      overlap: overlap(p.overlap),
      horizontal_distance_m: p.horizontalDistanceM,
      vertical_gap_m: p.verticalGapM,
      time_gap_s: p.timeGapS,
    })),
  };
}

/**
 * The minima the two parties are held to today (their agreements in force, else the hub's
 * defaults), against which "how close" is read: told only to the two parties, whose terms they are.
 */
function minimaView(
  state: DeconflictionState,
  conflict: Pick<RecordedConflict, 'found' | 'against'>,
  viewer: string,
) {
  const { found, against } = conflict;
  if (viewer !== found.party && viewer !== against.party) return {};
  const minima = state.partyMinima(found.party, against.party);
  return {
    minima: { horizontal_m: minima.horizontalM, vertical_m: minima.verticalM, time_s: minima.timeS },
  };
}

/**
 * A conflict as `viewer` may see it. The measures are shown only to a party that may see both
 * declarations; `found` may be a candidate not yet in the state (a refused submit), which its own
 * submitter sees as it declared it.
 */
export function conflictView(
  state: DeconflictionState,
  conflict: Pick<RecordedConflict, 'found' | 'against' | 'extent' | 'pairs'> & Partial<RecordedConflict>,
  viewer: string,
  candidate?: Described,
) {
  const found = candidate ?? described(state.declarations.get(conflict.found.declaration), viewer);
  const against = described(state.declarations.get(conflict.against.declaration), viewer);
  return {
    declarations: [sideView(conflict.found, found), sideView(conflict.against, against)],
    ...extentView(conflict.extent),
    ...(found && against ? measuresView(conflict.pairs) : {}),
    ...minimaView(state, conflict, viewer),
    ...(conflict.time
      ? {
          found_at: conflict.time,
          entry: conflict.entry,
          current: state.isCurrent(conflict as RecordedConflict),
        }
      : {}),
  };
}
