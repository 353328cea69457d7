// One alert per subject (a pair of tracks, a track and a declaration) and episode, without flicker.
// An episode begins the first time its condition holds. It ends only after the condition has failed
// on `clearAfter` consecutive evaluations; for a pair the engine evaluates that failure against
// minima widened by a margin (see WatchEngine). The two together: a track hovering at a boundary,
// whose reported position jitters by tens of metres, stays one episode, and one stray report
// neither ends an alert nor starts a new one.
import type { AlertEvent } from './alert-event.js';

export interface Episode {
  alert: string;
  key: string;
  began: number;
  /** Evaluations in a row that found the condition clear. */
  clearStreak: number;
  /** The report sequence number that last confirmed it. */
  confirmedBy: number;
  /** The subjects' track ids. */
  tracks: string[];
  /** The begin event, whose details the end repeats. */
  begin: AlertEvent;
}

export class AlertEpisodes {
  private readonly open = new Map<string, Episode>();
  private readonly byTrack = new Map<string, Set<Episode>>();

  constructor(readonly clearAfter: number) {
    if (!(Number.isInteger(clearAfter) && clearAfter >= 1)) throw new RangeError('clearAfter must be ≥ 1');
  }

  get size(): number {
    return this.open.size;
  }

  get(key: string): Episode | undefined {
    return this.open.get(key);
  }

  /** The condition holds: the existing episode continues. */
  confirm(episode: Episode, sequence: number): void {
    episode.clearStreak = 0;
    episode.confirmedBy = sequence;
  }

  /** Opens an episode with its begin event. */
  begin(key: string, begin: AlertEvent, sequence: number): Episode {
    const episode: Episode = {
      alert: begin.alert,
      key,
      began: begin.time,
      clearStreak: 0,
      confirmedBy: sequence,
      tracks: begin.tracks,
      begin,
    };
    this.open.set(key, episode);
    for (const track of episode.tracks) {
      let set = this.byTrack.get(track);
      if (set === undefined) {
        set = new Set();
        this.byTrack.set(track, set);
      }
      set.add(episode);
    }
    return episode;
  }

  /** The condition failed once more; true when that makes `clearAfter` in a row (then call end). */
  clearedOnce(episode: Episode): boolean {
    episode.clearStreak++;
    return episode.clearStreak >= this.clearAfter;
  }

  end(episode: Episode): void {
    this.open.delete(episode.key);
    for (const track of episode.tracks) {
      const set = this.byTrack.get(track);
      set?.delete(episode);
      if (set?.size === 0) this.byTrack.delete(track);
    }
  }

  /** The open episodes a track is a subject of (a live view: ending one while iterating is safe). */
  ofTrack(track: string): ReadonlySet<Episode> | undefined {
    return this.byTrack.get(track);
  }
}
