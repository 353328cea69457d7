// Which reports the hub keeps in its archive for incidents: every report is the live picture, but a
// track reporting at 1 Hz for a day is 86,400 rows. A point is kept when it is the track's first,
// or enough time has passed, or it has moved or climbed enough since the last kept one, so a track
// that holds its course is thinned while a manoeuvre keeps its shape. The distance is a flat-Earth
// estimate: this is a sampling rule, not a predicate anything is decided by.
import { grownFrom } from './grown-array.js';
import type { TrackReport } from './track-report.js';

export interface ArchivePolicy {
  intervalS: number;
  distanceM: number;
  altitudeM: number;
}

/** A point every 10 s, or every 250 m, or every 50 m of climb, whichever comes first. */
export const DEFAULT_ARCHIVE_POLICY: ArchivePolicy = { intervalS: 10, distanceM: 250, altitudeM: 50 };

const METRES_PER_DEGREE = 111_195;

export class ArchiveSampler {
  /** Per slot: time (NaN when nothing kept), lon, lat, altitude of the last kept point. */
  private kept = new Float64Array(0);

  constructor(private readonly policy: ArchivePolicy) {}

  /** Whether to archive this report of the track at `slot`; remembers it when so. */
  due(slot: number, report: TrackReport): boolean {
    const at = slot * 4;
    if (at + 4 > this.kept.length)
      this.kept = grownFrom(
        new Float64Array(Math.max(at + 4, this.kept.length * 2)).fill(Number.NaN),
        this.kept,
      );
    const k = this.kept;
    const lastTime = k[at] as number;
    if (!Number.isNaN(lastTime)) {
      const dLat = report.lat - (k[at + 2] as number);
      let dLon = Math.abs(report.lon - (k[at + 1] as number));
      if (dLon > 180) dLon = 360 - dLon;
      const east = dLon * Math.cos((report.lat * Math.PI) / 180);
      const movedM = Math.hypot(east, dLat) * METRES_PER_DEGREE;
      const climbedM = Math.abs(report.altM - (k[at + 3] as number));
      const waitedS = (report.time - lastTime) / 1000;
      if (
        waitedS < this.policy.intervalS &&
        movedM < this.policy.distanceM &&
        climbedM < this.policy.altitudeM
      )
        return false;
    }
    k[at] = report.time;
    k[at + 1] = report.lon;
    k[at + 2] = report.lat;
    k[at + 3] = report.altM;
    return true;
  }

  /** The slot is free again: its next track starts a new archive. */
  forget(slot: number): void {
    if (slot * 4 < this.kept.length) this.kept[slot * 4] = Number.NaN;
  }
}
