// One alert per subject (a pair of tracks, a track and a declaration) and episode, without flicker.
// An episode begins the first time its condition holds. It ends only after the condition has failed
// on `clearAfter` consecutive evaluations spanning at least the hold the caller asks for; the engine
// evaluates that failure against the condition widened by a margin (see WatchEngine). Together: a
// track hovering at a boundary, whose reported position jitters by tens of metres, stays one
// episode; one stray report neither ends an alert nor starts another; and a drone weaving in and out
// of a corridor is one episode for as long as it keeps coming back within the hold. Episodes are found through their tracks' few open ones,
// by strings the caller already holds, so confirming an alert on every report allocates nothing.
import type { AlertEvent, AlertKind } from './alert-event.js';

export interface Episode {
  alert: string;
  kind: AlertKind;
  /** What the tracks are in alert about: a declaration's or operation's id; '' for a pair of tracks. */
  subject: string;
  /** Which of the subject's volumes, or a movement's conditions (MOVEMENT_CONDITIONS); -1 for the whole. */
  part: number;
  began: number;
  /** Evaluations in a row that found the condition clear. */
  clearStreak: number;
  /** The report time of the first of them, ms; null while the condition holds. */
  clearSince: number | null;
  /** The report sequence number that last confirmed it. */
  confirmedBy: number;
  /** The subjects' track ids. */
  tracks: string[];
  /** The begin event, whose details the end repeats. */
  begin: AlertEvent;
}

export class AlertEpisodes {
  private readonly byTrack = new Map<string, Set<Episode>>();
  /** Pair episodes by both tracks' ids, either way round: a busy sky has dozens per track. */
  private readonly byPair = new Map<string, Map<string, Episode>>();
  private count = 0;

  constructor(readonly clearAfter: number) {
    if (!(Number.isInteger(clearAfter) && clearAfter >= 1)) throw new RangeError('clearAfter must be ≥ 1');
  }

  get size(): number {
    return this.count;
  }

  /** The open episode of one track about a subject (a declaration's volume, an operation). */
  about(track: string, kind: AlertKind, subject: string, part: number): Episode | undefined {
    const open = this.byTrack.get(track);
    if (open === undefined) return undefined;
    for (const episode of open)
      if (episode.kind === kind && episode.subject === subject && episode.part === part) return episode;
    return undefined;
  }

  /** The open episode of a pair of tracks. */
  between(a: string, b: string): Episode | undefined {
    return this.byPair.get(a)?.get(b);
  }

  /** The condition holds: the existing episode continues. */
  confirm(episode: Episode, sequence: number): void {
    episode.clearStreak = 0;
    episode.clearSince = null;
    episode.confirmedBy = sequence;
  }

  /** Opens an episode with its begin event. */
  begin(begin: AlertEvent, subject: string, part: number, sequence: number): Episode {
    const episode: Episode = {
      alert: begin.alert,
      kind: begin.kind,
      subject,
      part,
      began: begin.time,
      clearStreak: 0,
      clearSince: null,
      confirmedBy: sequence,
      tracks: begin.tracks,
      begin,
    };
    for (const track of episode.tracks) {
      let set = this.byTrack.get(track);
      if (set === undefined) {
        set = new Set();
        this.byTrack.set(track, set);
      }
      set.add(episode);
    }
    if (subject === '') this.pairUp(episode, (of, other) => of.set(other, episode));
    this.count++;
    return episode;
  }

  /**
   * The condition failed once more, at report time `time`; true when that makes `clearAfter` in a
   * row over at least `holdMs` (then call end).
   */
  clearedOnce(episode: Episode, time: number, holdMs: number): boolean {
    episode.clearStreak++;
    episode.clearSince ??= time;
    return episode.clearStreak >= this.clearAfter && time - episode.clearSince >= holdMs;
  }

  end(episode: Episode): void {
    for (const track of episode.tracks) {
      const set = this.byTrack.get(track);
      set?.delete(episode);
      if (set?.size === 0) this.byTrack.delete(track);
    }
    if (episode.subject === '') this.pairUp(episode, (of, other) => of.delete(other));
    this.count--;
  }

  /** Acts on each of a pair episode's tracks' maps of pair episodes, with the other track's id. */
  private pairUp(episode: Episode, act: (of: Map<string, Episode>, other: string) => void): void {
    const [a, b] = episode.tracks as [string, string];
    for (const [track, other] of [
      [a, b],
      [b, a],
    ] as const) {
      let of = this.byPair.get(track);
      if (of === undefined) {
        of = new Map();
        this.byPair.set(track, of);
      }
      act(of, other);
      if (of.size === 0) this.byPair.delete(track);
    }
  }

  /** The open episodes a track is a subject of (a live view: ending one while iterating is safe). */
  ofTrack(track: string): ReadonlySet<Episode> | undefined {
    return this.byTrack.get(track);
  }
}
