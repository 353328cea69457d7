// Whether a track is inside one declared area, by the hub's own rules and exact predicates: a zone
// or line restricts one party's activities and is entered, not approached (the agreed area is its
// own margin); a protected site is kept clear by the separation minima between its owner and the
// track's party; a convoy's corridor is intruded on only near where the convoy can be now, within
// those minima of it. A party's own sites and convoys, and those declared for it, never alert on its
// own tracks (an agency's vehicles drive the convoy its humanitarian office declared for it). `marginM` widens
// every place (horizontally and vertically) so that an alert ends only once the track is clearly out.
import type { Declaration } from '../deconfliction/declaration.js';
import type { Activity } from '../deconfliction/declaration-schema.js';
import { pointWithinM } from '../geo/point-within.js';
import type { Separation, Vertex } from '../geo/shape.js';
import { convoyStretch } from './convoy-stretch.js';
import type { WatchedArea } from './declared-areas.js';

export interface TrackAt {
  party: string;
  /** Null when unknown: then every restricted activity applies (the safe reading). */
  activity: Activity | null;
  altM: number;
  time: number;
  /** The track's position, with its n-vector. */
  point: Vertex;
}

export function intrudes(
  area: WatchedArea,
  track: TrackAt,
  partyMinima: (a: string, b: string) => Separation,
  marginM = 0,
): boolean {
  const { volume, declaration } = area;
  switch (area.role) {
    case 'restricted-area': {
      const rule = volume.restriction;
      if (rule === undefined || rule.party !== track.party) return false;
      if (track.activity !== null && !rule.activities.includes(track.activity)) return false;
      if (track.time < volume.timeStart || track.time > volume.timeEnd) return false;
      if (!withinBand(track.altM, volume.altitudeLowerM, volume.altitudeUpperM, marginM)) return false;
      return pointWithinM(track.point, volume.shape, marginM);
    }
    case 'protected-site': {
      if (ownedBy(declaration, track.party)) return false;
      if (track.time < volume.timeStart || track.time > volume.timeEnd) return false;
      const minima = partyMinima(declaration.party, track.party);
      if (!withinBand(track.altM, volume.altitudeLowerM, volume.altitudeUpperM, minima.verticalM + marginM))
        return false;
      return pointWithinM(track.point, volume.shape, minima.horizontalM + marginM);
    }
    case 'convoy-corridor': {
      if (ownedBy(declaration, track.party) || area.leg === null) return false;
      if (track.time < volume.timeStart || track.time > volume.timeEnd) return false;
      const minima = partyMinima(declaration.party, track.party);
      if (!withinBand(track.altM, volume.altitudeLowerM, volume.altitudeUpperM, minima.verticalM + marginM))
        return false;
      // In the corridor first: the stretch where the convoy can be is worked out only for those.
      if (!pointWithinM(track.point, volume.shape, marginM)) return false;
      const stretch = convoyStretch(area.leg, track.time);
      return stretch !== null && pointWithinM(track.point, stretch, minima.horizontalM + marginM);
    }
  }
}

function ownedBy(declaration: Declaration, party: string): boolean {
  return declaration.party === party || (declaration.body.on_behalf_of?.includes(party) ?? false);
}

function withinBand(altM: number, lowerM: number, upperM: number, marginM: number): boolean {
  return altM >= lowerM - marginM && altM <= upperM + marginM;
}
